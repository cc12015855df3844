package stormcpp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.storm.LocalCluster;

import stormcpp.testing.Sink;
import stormcpp.tool.Specs;
import stormcpp.tool.Watchdog;

/**
 * An end-to-end topology on Storm's LocalCluster (the word count, the page views): runs a spec,
 * lets it warm up, then measures for a fixed time and prints one JSON line: spout tuples fully
 * processed (acked) per second, tuples per second at the sink, failures, the spouts' complete
 * latency percentiles ({@link LatencyHook}; every tuple timed: topology.stats.sample.rate 1.0 unless
 * a --conf sets it),
 * and how many spout tuples were acked in all (a run whose spout ran out of input shows it).
 *
 * <pre>
 * java -cp TOPOLOGY.jar:STORM_CLASSPATH stormcpp.bench.EndToEnd --spec bench/e2e/java.yaml
 *      --label java [--scenario e2e-wordcount] [--sink count|none] [--warmup 15] [--seconds 20]
 *      [--rate 0] [--conf KEY=VALUE]...
 * </pre>
 *
 * {@code --sink C} counts what component C emits (default {@code count}, the word count's);
 * {@code --rate N} sets wordcount.sentences_per_second (0: as fast as Storm lets the spout go,
 * bounded by topology.max.spout.pending); {@code --conf} adds a topology config entry (an integer, a decimal,
 * true/false or a string), e.g. {@code topology.multilang.serializer=stormcpp.storm.MsgpackSerializer}. Exit status 0 when spout tuples were acked in the
 * window.
 */
public final class EndToEnd {
    private EndToEnd() {}

    public static void main(String[] args) throws Exception {
        String spec = null;
        String label = "?";
        String scenario = "e2e-wordcount";
        String sink = "count";
        long warmup = 15;
        long seconds = 20;
        double rate = 0;
        Map<String, Object> extraConf = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--spec": spec = v; break;
                case "--label": label = v; break;
                case "--scenario": scenario = v; break;
                case "--sink": sink = v; break;
                case "--warmup": warmup = Long.parseLong(v); break;
                case "--seconds": seconds = Long.parseLong(v); break;
                case "--rate": rate = Double.parseDouble(v); break;
                case "--conf": {  // KEY=VALUE, repeatable: an integer, a decimal, true/false or a string
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        System.err.println("EndToEnd: --conf takes KEY=VALUE, not " + v);
                        System.exit(2);
                    }
                    String value = v.substring(eq + 1);
                    extraConf.put(v.substring(0, eq), value.matches("-?[0-9]+") ? (Object) Long.parseLong(value)
                            : value.matches("-?[0-9]*\\.[0-9]+") ? (Object) Double.parseDouble(value)
                            : value.equals("true") || value.equals("false") ? (Object) Boolean.parseBoolean(value) : value);
                    break;
                }
                default:
                    System.err.println("EndToEnd: unknown argument " + args[i]);
                    System.exit(2);
            }
        }
        if (spec == null) {
            System.err.println("EndToEnd: --spec FILE is required");
            System.exit(2);
        }
        Watchdog.haltAfter(warmup + seconds + 90, "EndToEnd");

        Specs.Loaded t = Specs.load(spec);
        if (!sink.equals("none")) {
            Sink.attach(t.topology, sink);
        }
        Map<String, Object> conf = t.conf;
        List<Object> hooks = new ArrayList<>();
        hooks.add(LatencyHook.class.getName());
        conf.put("topology.auto.task.hooks", hooks);
        conf.put("topology.stats.sample.rate", 1.0);
        conf.put("wordcount.sentences_per_second", rate);
        conf.putAll(extraConf);

        LocalCluster cluster = new LocalCluster();
        cluster.submitTopology(t.name, conf, t.topology);
        Thread.sleep(warmup * 1000);
        long acked0 = LatencyHook.ACKED.get();
        long failed0 = LatencyHook.FAILED.get();
        long untimed0 = LatencyHook.UNTIMED.get();
        long sunk0 = Sink.received();
        LatencyHook.resetHistogram();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long acked = LatencyHook.ACKED.get() - acked0;
        long failed = LatencyHook.FAILED.get() - failed0;
        long untimed = LatencyHook.UNTIMED.get() - untimed0;
        long sunk = Sink.received() - sunk0;
        String json = String.format(Locale.ROOT,
                "{\"adapter\":\"%s\",\"scenario\":\"%s\",\"mode\":\"%s\",\"ok\":%b,"
                        + "\"rate\":%.0f,\"seconds\":%.2f,\"acked_per_s\":%.1f,\"sink_per_s\":%.1f,"
                        + "\"acked\":%d,\"acked_total\":%d,\"failed\":%d,\"untimed\":%d,\"p50_ms\":%d,"
                        + "\"p90_ms\":%d,\"p99_ms\":%d,\"mean_ms\":%.2f}",
                label, scenario, rate > 0 ? "rate" : "saturation", acked > 0, rate, elapsed, acked / elapsed,
                sunk / elapsed, acked, LatencyHook.ACKED.get(), failed, untimed, LatencyHook.percentile(50),
                LatencyHook.percentile(90), LatencyHook.percentile(99), LatencyHook.mean());
        System.out.println(json);
        System.out.flush();
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {}
        }));
        // The result is out; the shutdown must not change the exit status. Storm's ShellBolt can
        // exit the JVM with status 1 while the topology is killed (its subprocess ends before its
        // reader thread stops: "Halting process: ShellBolt died"); a hook puts ours back.
        int status = acked > 0 ? 0 : 1;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(status)));
        try {
            cluster.killTopology(t.name);
            cluster.shutdown();
        } catch (Exception e) {
            // as above
        }
        System.exit(status);
    }
}
