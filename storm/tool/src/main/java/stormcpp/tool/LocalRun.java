package stormcpp.tool;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

import org.apache.storm.LocalCluster;
import org.apache.storm.generated.ErrorInfo;
import org.apache.storm.generated.TopologyInfo;
import org.apache.storm.generated.TopologySummary;

/**
 * {@code stormcpp run}: a topology spec on Storm's in-process LocalCluster for a bounded time,
 * with a progress line every few seconds (each component's emitted / acked / failed, from
 * Nimbus, and every error a component reports) and a summary at the end. The topology jar must
 * come first on the classpath: local mode takes {@code resources/} from the first jar that has one.
 *
 * Exit status 0 when tuples flowed (spouts emitted, bolts executed) and no component died;
 * 1 otherwise. Unless a config says otherwise, every tuple is counted
 * ({@code topology.stats.sample.rate} 1.0), so the figures are exact.
 */
final class LocalRun {
    private static final long PROGRESS_MS = 3000;

    private LocalRun() {}

    static int run(Main.Args a) throws Exception {
        String spec = a.spec();
        Specs.Loaded t = Specs.load(spec);
        if (a.resources != null) {
            Preflight.check(t.topology, a.resources, true);
        }
        String name = a.topologyName(t.name);
        Map<String, Object> conf = a.project.conf(a.env(), t.conf, a.options);
        conf.putIfAbsent("topology.stats.sample.rate", 1.0);
        // The C++ components' own metrics: to Storm's LoggingMetricsConsumer (log4j2-local.xml
        // sends its lines to metrics.log), often enough to show in the progress lines.
        MetricsLog.addConsumer(conf);
        conf.putIfAbsent("stormcpp.metrics.bucket.secs", 2);
        java.nio.file.Path metricsFile = java.nio.file.Paths.get(System.getProperty("stormcpp.metrics.file", "metrics.log"));
        // Never hang: whatever happens, the JVM is gone shortly after the deadline.
        Watchdog.haltAfter(a.seconds + 120, "stormcpp run");
        System.out.println("stormcpp: topology '" + name + "' from " + spec + " (spouts " + t.topology.get_spouts().keySet()
                + ", bolts " + t.topology.get_bolts().keySet() + ") on Storm's local mode for up to " + a.seconds + " s"
                + (a.untilAcked > 0 ? " or until the spouts have " + a.untilAcked + " tuples acked" : ""));

        int status = 0;
        String verdict = null;
        // Executors report their counts to Nimbus every executor.metrics.frequency.secs (60 s by
        // default): often enough here for the progress lines to mean something.
        LocalCluster cluster = new LocalCluster.Builder()
                .withDaemonConf("executor.metrics.frequency.secs", (int) (PROGRESS_MS / 1000) - 1).build();
        try {
            long start = System.currentTimeMillis();
            cluster.submitTopology(name, conf, t.topology);
            long deadline = start + a.seconds * 1000;
            long nextReport = start + PROGRESS_MS;
            Map<String, Integer> errorsSeen = new HashMap<>();
            Stats stats = null;
            String metricsSeen = "";
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                if (System.currentTimeMillis() < nextReport) {
                    continue;
                }
                nextReport += PROGRESS_MS;
                stats = snapshot(cluster, name, t.topology.get_spouts().keySet());
                if (stats == null) {
                    continue;
                }
                System.out.printf("[%4ds] %s%n", (System.currentTimeMillis() - start) / 1000, stats.progress());
                String metrics = MetricsLog.read(java.util.List.of(metricsFile)).table();
                if (!metrics.isEmpty() && !metrics.equals(metricsSeen)) {
                    System.out.print(metrics);
                    metricsSeen = metrics;
                }
                String died = printNewErrors(stats, errorsSeen);
                if (died != null) {
                    verdict = "component " + died + " died (see the error above and `stormcpp tail`)";
                    break;
                }
                if (a.untilAcked > 0 && stats.total(true, c -> c.acked) >= a.untilAcked) {
                    System.out.println("stormcpp: the spouts have " + a.untilAcked + " tuples acked");
                    break;
                }
            }
            long elapsed = System.currentTimeMillis() - start;
            // Executors send their counts with their heartbeats: let the last ones arrive.
            Thread.sleep(PROGRESS_MS + 1000);
            Stats last = snapshot(cluster, name, t.topology.get_spouts().keySet());
            if (last == null) {
                last = stats;
            }
            if (last != null) {
                printNewErrors(last, errorsSeen);
            }
            if (verdict == null) {
                verdict = judge(last, a.seconds);
            }
            status = verdict == null ? 0 : Main.FAILED;
            summary(name, elapsed, last, MetricsLog.read(java.util.List.of(metricsFile)), verdict);
            // Killing a topology destroys the shell subprocesses under their reader threads, and
            // Storm logs each as "ShellBolt died" at ERROR: keep that out of the console (the log
            // file still has it; log4j2-local.xml's console appender follows System.err).
            System.out.println("stormcpp: stopping the topology and the local cluster");
            System.out.flush();
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {}
            }));
            try {
                cluster.killTopology(name);
            } catch (Exception e) {
                System.out.println("stormcpp: killTopology: " + e);
            }
        } finally {
            try {
                cluster.shutdown();
            } catch (Exception e) {
                System.out.println("stormcpp: LocalCluster shutdown: " + e);
            }
        }
        return status;
    }

    private static Stats snapshot(LocalCluster cluster, String name, java.util.Set<String> spouts) throws Exception {
        for (TopologySummary ts : cluster.getClusterInfo().get_topologies()) {
            if (ts.get_name().equals(name)) {
                TopologyInfo info = cluster.getTopologyInfo(ts.get_id());
                return new Stats(info, spouts);
            }
        }
        return null;
    }

    /** Prints errors not printed yet; returns a component that died, if one did. */
    private static String printNewErrors(Stats stats, Map<String, Integer> seen) {
        String died = null;
        for (Map.Entry<String, Stats.Component> e : stats.components.entrySet()) {
            java.util.List<ErrorInfo> errs = e.getValue().errors;
            int from = seen.getOrDefault(e.getKey(), 0);
            for (ErrorInfo err : errs.subList(Math.min(from, errs.size()), errs.size())) {
                System.out.println("  error from " + e.getKey() + ": " + Stats.firstLine(err));
                if (Stats.isDeath(err)) {
                    died = e.getKey();
                }
            }
            seen.put(e.getKey(), errs.size());
        }
        return died;
    }

    /** Null when tuples flowed; else what went wrong. */
    private static String judge(Stats s, long seconds) {
        if (s == null) {
            return "Nimbus never listed the topology";
        }
        if (s.total(true, c -> c.emitted) == 0) {
            return "no spout emitted a tuple in " + seconds + " s";
        }
        if (s.hasBolts() && s.total(false, c -> c.executed) == 0) {
            return "the spouts emitted, but no bolt executed a tuple";
        }
        return null;
    }

    private static void summary(String name, long elapsedMs, Stats s, MetricsLog metrics, String verdict) {
        System.out.println();
        System.out.printf("==== stormcpp run: topology '%s', %.1f s ====%n", name, elapsedMs / 1000.0);
        if (s != null) {
            System.out.print(s.table(false));
            String errors = s.errors(3);
            if (!errors.isEmpty()) {
                System.out.print("errors reported (newest 3 per component):\n" + errors);
            }
            System.out.printf("tuples: spouts emitted %d, acked %d, failed %d%n", s.total(true, c -> c.emitted),
                    s.total(true, c -> c.acked), s.total(true, c -> c.failed));
        }
        if (!metrics.isEmpty()) {
            System.out.print("metrics (the components' own, from Storm's metrics consumer):\n" + metrics.table());
        }
        System.out.println(verdict == null ? "RESULT: OK" : "RESULT: FAIL (" + verdict + ")");
    }
}
