package stormcpp.storm;

import java.util.List;
import java.util.Map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;

import org.apache.storm.LocalCluster;

/**
 * Runs a topology spec in Storm's in-process LocalCluster for a bounded time, with a progress
 * line every two seconds and a summary at the end.
 *
 * <pre>
 * java -cp TOPOLOGY.jar:STORM_CLASSPATH stormcpp.storm.LocalRun --spec topologies/wordcount.yaml
 *      [--seconds 30] [--target 0] [--sink-from count] [--top 10] [--name NAME]
 * </pre>
 *
 * The topology jar must come first on the classpath: local mode takes {@code resources/} from the
 * first jar that has one. Exit status: 0 when the sink received tuples and the spouts saw acks,
 * 1 when nothing flowed, 2 on bad arguments.
 */
public final class LocalRun {
    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        String spec = null;
        String name = null;
        String sinkFrom = "count";
        long seconds = 30;
        long target = 0;
        int top = 10;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--spec": spec = v; i++; break;
                case "--name": name = v; i++; break;
                case "--sink-from": sinkFrom = v; i++; break;
                case "--seconds": seconds = Long.parseLong(v); i++; break;
                case "--target": target = Long.parseLong(v); i++; break;
                case "--top": top = Integer.parseInt(v); i++; break;
                default:
                    System.err.println("LocalRun: unknown argument " + a);
                    System.exit(2);
            }
        }
        if (spec == null) {
            System.err.println("LocalRun: --spec FILE is required");
            System.exit(2);
        }
        // Never hang: whatever happens, the JVM is gone shortly after the deadline.
        Watchdog.haltAfter(seconds + 90, "LocalRun");

        Specs.Loaded t = Specs.load(spec);
        if (name == null) {
            name = t.name;
        }
        Specs.withSink(t.topology, sinkFrom);
        Map<String, Object> conf = t.conf;
        StatsConsumer.register(conf);
        final Set<String> spouts = new HashSet<>(t.topology.get_spouts().keySet());
        final Set<String> components = new HashSet<>(spouts);
        components.addAll(t.topology.get_bolts().keySet());
        System.out.println("stormcpp: spec " + spec + " -> topology '" + name + "', spouts "
                + t.topology.get_spouts().keySet() + ", bolts " + t.topology.get_bolts().keySet());

        int status;
        LocalCluster cluster = null;
        try {
            cluster = new LocalCluster();
            long start = System.currentTimeMillis();
            cluster.submitTopology(name, conf, t.topology);
            long deadline = start + seconds * 1000;
            long nextReport = start + 2000;
            Stats stats;
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                if (target > 0 && Sink.RECEIVED.get() >= target) {
                    System.out.println("stormcpp: target of " + target + " counted words reached");
                    break;
                }
                if (System.currentTimeMillis() >= nextReport) {
                    nextReport += 2000;
                    stats = Stats.snapshot(spouts, components);
                    System.out.printf("[%4ds] counted %d words (%d distinct) | spout emitted %d, acked %d, failed %d%n",
                            (System.currentTimeMillis() - start) / 1000, Sink.RECEIVED.get(), Sink.LATEST.size(),
                            stats.spoutEmitted(), stats.spoutAcked(), stats.spoutFailed());
                }
            }
            long elapsed = System.currentTimeMillis() - start;
            // The metrics arrive every METRICS_SECS: give the last ones a moment to come in.
            Thread.sleep(StatsConsumer.METRICS_SECS * 1000L + 500);
            Stats last = Stats.snapshot(spouts, components);
            for (int i = 0; i < 10 && last.spoutAcked() == 0 && Sink.RECEIVED.get() > 0; i++) {
                Thread.sleep(1000);
                last = Stats.snapshot(spouts, components);
            }
            status = summary(name, elapsed, last, top);
            // Killing a topology destroys the shell subprocesses under their reader threads, and
            // Storm logs each as "ShellBolt died" at ERROR: keep that out of the console (the log
            // file, if any, still has it; log4j2-local.xml's console appender follows System.err).
            System.out.println("stormcpp: stopping the topology and the local cluster");
            System.out.flush();
            System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {}
            }));
            try {
                cluster.killTopology(name);
            } catch (Exception e) {
                System.err.println("stormcpp: killTopology: " + e);
            }
        } finally {
            if (cluster != null) {
                try {
                    cluster.shutdown();
                } catch (Exception e) {
                    System.err.println("stormcpp: LocalCluster shutdown: " + e);
                }
            }
        }
        System.out.flush();
        // LocalCluster leaves non-daemon threads behind in some Storm versions.
        System.exit(status);
    }

    private static int summary(String name, long elapsedMs, Stats stats, int top) {
        long received = Sink.RECEIVED.get();
        System.out.println();
        System.out.printf("==== stormcpp summary: topology '%s', %.1f s ====%n", name, elapsedMs / 1000.0);
        System.out.println("top words:");
        List<Map.Entry<String, Long>> best = Sink.top(top);
        for (Map.Entry<String, Long> e : best) {
            System.out.printf("  %8d  %s%n", e.getValue(), e.getKey());
        }
        System.out.printf("counted words received by the sink: %d (%d distinct)%n", received, Sink.LATEST.size());
        System.out.print(stats.table());
        System.out.printf("tuples: spout emitted %d, acked %d, failed %d%n",
                stats.spoutEmitted(), stats.spoutAcked(), stats.spoutFailed());
        if (received == 0) {
            System.out.println("RESULT: FAIL (no tuple reached the end of the topology)");
            return 1;
        }
        if (stats.spoutAcked() == 0) {
            System.out.println("RESULT: FAIL (words were counted but no spout tuple was acked)");
            return 1;
        }
        System.out.println("RESULT: OK");
        return 0;
    }
}
