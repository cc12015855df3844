package stormcpp.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.storm.generated.ErrorInfo;
import org.apache.storm.generated.ExecutorSpecificStats;
import org.apache.storm.generated.ExecutorStats;
import org.apache.storm.generated.ExecutorSummary;
import org.apache.storm.generated.TopologyInfo;

/**
 * What Nimbus knows of a running topology ({@code getTopologyInfo}, as Storm's UI shows it): per
 * component its executors and where they run, emitted / acked / failed over the topology's
 * lifetime (system streams and system components left out, as the UI does), and the errors
 * components reported. The counts are Storm's: sampled at {@code topology.stats.sample.rate}.
 */
final class Stats {
    /** One component's figures. */
    static final class Component {
        boolean spout;
        int executors;
        final Map<String, Integer> workers = new TreeMap<>(); // host:port -> executors there
        final Map<String, long[]> workerCounts = new TreeMap<>(); // host:port -> {emitted, executed} there
        long emitted;
        long executed;
        long acked;
        long failed;
        final List<ErrorInfo> errors = new ArrayList<>();
    }

    final Map<String, Component> components = new TreeMap<>();
    final String status;
    final int uptimeSecs;

    /** {@code spouts}: the ids of the topology's spouts (executor stats say it only once they have some). */
    Stats(TopologyInfo info, java.util.Set<String> spouts) {
        status = info.get_status();
        uptimeSecs = info.get_uptime_secs();
        for (ExecutorSummary ex : info.get_executors()) {
            String id = ex.get_component_id();
            if (id.startsWith("__")) {
                continue; // ackers, the system bolt, metrics consumers
            }
            Component c = components.computeIfAbsent(id, k -> new Component());
            c.spout = spouts.contains(id);
            c.executors++;
            c.workers.merge(ex.get_host() + ":" + ex.get_port(), 1, Integer::sum);
            ExecutorStats st = ex.get_stats();
            if (st == null) {
                continue; // no heartbeat from this executor yet
            }
            long emitted = sum(st.get_emitted().get(":all-time"));
            c.emitted += emitted;
            String where = ex.get_host() + ":" + ex.get_port();
            ExecutorSpecificStats sp = st.get_specific();
            long[] here = c.workerCounts.computeIfAbsent(where, k -> new long[2]);
            here[0] += emitted;
            if (sp.is_set_spout()) {
                c.acked += sum(sp.get_spout().get_acked().get(":all-time"));
                c.failed += sum(sp.get_spout().get_failed().get(":all-time"));
            } else if (sp.is_set_bolt()) {
                long executed = sum(sp.get_bolt().get_executed().get(":all-time"));
                here[1] += executed;
                c.executed += executed;
                c.acked += sum(sp.get_bolt().get_acked().get(":all-time"));
                c.failed += sum(sp.get_bolt().get_failed().get(":all-time"));
            }
        }
        if (info.get_errors() != null) {
            for (Map.Entry<String, List<ErrorInfo>> e : info.get_errors().entrySet()) {
                Component c = components.get(e.getKey());
                if (c != null && e.getValue() != null) {
                    c.errors.addAll(e.getValue());
                    c.errors.sort((a, b) -> Integer.compare(a.get_error_time_secs(), b.get_error_time_secs()));
                }
            }
        }
    }

    /** Sum of a stream -> count map (stream ids or GlobalStreamIds), system streams left out. */
    private static long sum(Map<?, Long> m) {
        long n = 0;
        if (m != null) {
            for (Map.Entry<?, Long> e : m.entrySet()) {
                if (!String.valueOf(e.getKey()).contains("__")) {
                    n += e.getValue();
                }
            }
        }
        return n;
    }

    long total(boolean spouts, java.util.function.ToLongFunction<Component> f) {
        long n = 0;
        for (Component c : components.values()) {
            if (c.spout == spouts) {
                n += f.applyAsLong(c);
            }
        }
        return n;
    }

    boolean hasBolts() {
        for (Component c : components.values()) {
            if (!c.spout) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an error came from Storm's side rather than from the component's own
     * {@code report_error}: Storm prefixes what a shell component reports with "Shell Process
     * Exception"; anything else (a subprocess that died, a broken pipe, a heartbeat timeout) means
     * the component itself failed.
     */
    static boolean isDeath(ErrorInfo e) {
        return !e.get_error().contains("Shell Process Exception");
    }

    /** The first line of an error's text (Storm stores the whole stack trace). */
    static String firstLine(ErrorInfo e) {
        String s = e.get_error();
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Spouts first, then bolts, each by name. */
    private java.util.List<Map.Entry<String, Component>> ordered() {
        java.util.List<Map.Entry<String, Component>> list = new ArrayList<>(components.entrySet());
        list.sort((x, y) -> x.getValue().spout != y.getValue().spout ? (x.getValue().spout ? -1 : 1)
                : x.getKey().compareTo(y.getKey()));
        return list;
    }

    /** One line: each component's emitted/acked/failed. */
    String progress() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Component> e : ordered()) {
            Component c = e.getValue();
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(e.getKey()).append(' ').append(c.emitted).append('/').append(c.acked).append('/').append(c.failed);
        }
        return sb.append("  (emitted/acked/failed)").toString();
    }

    /** The table {@code run}'s summary and {@code stats} print. */
    String table(boolean withWorkers) {
        StringBuilder sb = new StringBuilder(String.format("  %-20s %-5s %9s %12s %12s %12s %12s%n",
                "component", "kind", "executors", "emitted", "executed", "acked", "failed"));
        for (Map.Entry<String, Component> e : ordered()) {
            Component c = e.getValue();
            sb.append(String.format("  %-20s %-5s %9d %12d %12s %12d %12d%n", e.getKey(), c.spout ? "spout" : "bolt",
                    c.executors, c.emitted, c.spout ? "-" : String.valueOf(c.executed), c.acked, c.failed));
            if (withWorkers) {
                StringBuilder w = new StringBuilder();
                for (Map.Entry<String, Integer> hp : c.workers.entrySet()) {
                    long[] n = c.workerCounts.getOrDefault(hp.getKey(), new long[2]);
                    w.append(w.length() == 0 ? "" : ", ").append(hp.getKey()).append(" x").append(hp.getValue())
                            .append(c.spout ? String.format(" (emitted %d)", n[0])
                                    : String.format(" (executed %d, emitted %d)", n[1], n[0]));
                }
                sb.append("      executors on ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    /** Every reported error, the newest {@code perComponent} of each component. */
    String errors(int perComponent) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Component> e : components.entrySet()) {
            List<ErrorInfo> errs = e.getValue().errors;
            for (ErrorInfo err : errs.subList(Math.max(0, errs.size() - perComponent), errs.size())) {
                sb.append(String.format("  %s (%s:%d, %s): %s%n", e.getKey(), err.get_host(), err.get_port(),
                        java.time.Instant.ofEpochSecond(err.get_error_time_secs()), firstLine(err)));
            }
        }
        return sb.toString();
    }
}
