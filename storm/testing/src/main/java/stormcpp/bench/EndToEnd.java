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
 * End-to-end word count on Storm's LocalCluster: runs a spec, lets it warm up, then measures
 * for a fixed time and prints one JSON line: sentences fully processed (acked) per second,
 * counted words per second at the sink, failures, and the spouts' complete latency percentiles
 * ({@link LatencyHook}; every tuple timed: topology.stats.sample.rate 1.0).
 *
 * <pre>
 * java -cp TOPOLOGY.jar:STORM_CLASSPATH stormcpp.bench.EndToEnd --spec bench/e2e/java.yaml
 *      --label java [--warmup 15] [--seconds 20] [--rate 0]
 * </pre>
 *
 * {@code --rate N} sets wordcount.sentences_per_second (0: as fast as Storm lets the spout go,
 * bounded by topology.max.spout.pending). Exit status 0 when sentences were acked in the window.
 */
public final class EndToEnd {
    private EndToEnd() {}

    public static void main(String[] args) throws Exception {
        String spec = null;
        String label = "?";
        long warmup = 15;
        long seconds = 20;
        double rate = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--spec": spec = v; break;
                case "--label": label = v; break;
                case "--warmup": warmup = Long.parseLong(v); break;
                case "--seconds": seconds = Long.parseLong(v); break;
                case "--rate": rate = Double.parseDouble(v); break;
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
        Sink.attach(t.topology, "count");
        Map<String, Object> conf = t.conf;
        List<Object> hooks = new ArrayList<>();
        hooks.add(LatencyHook.class.getName());
        conf.put("topology.auto.task.hooks", hooks);
        conf.put("topology.stats.sample.rate", 1.0);
        conf.put("wordcount.sentences_per_second", rate);

        LocalCluster cluster = new LocalCluster();
        cluster.submitTopology(t.name, conf, t.topology);
        Thread.sleep(warmup * 1000);
        long acked0 = LatencyHook.ACKED.get();
        long failed0 = LatencyHook.FAILED.get();
        long untimed0 = LatencyHook.UNTIMED.get();
        long words0 = Sink.received();
        LatencyHook.resetHistogram();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long acked = LatencyHook.ACKED.get() - acked0;
        long failed = LatencyHook.FAILED.get() - failed0;
        long untimed = LatencyHook.UNTIMED.get() - untimed0;
        long words = Sink.received() - words0;
        String json = String.format(Locale.ROOT,
                "{\"adapter\":\"%s\",\"scenario\":\"e2e-wordcount\",\"mode\":\"%s\",\"ok\":%b,"
                        + "\"rate\":%.0f,\"seconds\":%.2f,\"sentences_per_s\":%.1f,\"words_per_s\":%.1f,"
                        + "\"acked\":%d,\"failed\":%d,\"untimed\":%d,\"p50_ms\":%d,\"p90_ms\":%d,"
                        + "\"p99_ms\":%d,\"mean_ms\":%.2f}",
                label, rate > 0 ? "rate" : "saturation", acked > 0, rate, elapsed, acked / elapsed,
                words / elapsed, acked, failed, untimed, LatencyHook.percentile(50),
                LatencyHook.percentile(90), LatencyHook.percentile(99), LatencyHook.mean());
        System.out.println(json);
        System.out.flush();
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {}
        }));
        try {
            cluster.killTopology(t.name);
            cluster.shutdown();
        } catch (Exception e) {
            // the result is out; a slow shutdown must not change the exit status
        }
        System.exit(acked > 0 ? 0 : 1);
    }
}
