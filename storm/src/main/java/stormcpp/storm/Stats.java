package stormcpp.storm;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.storm.generated.ExecutorSpecificStats;
import org.apache.storm.generated.ExecutorStats;
import org.apache.storm.generated.ExecutorSummary;
import org.apache.storm.generated.TopologyInfo;

/**
 * Per-component emitted / acked / failed: from {@link StatsConsumer} (local runs) or from the
 * executor stats of a cluster's {@code getTopologyInfo} (all-time window).
 */
final class Stats {
    /** emitted / acked / failed of one component. */
    static final class Counts {
        long emitted;
        long acked;
        long failed;
        boolean spout;
    }

    final Map<String, Counts> byComponent = new TreeMap<>();

    static Stats snapshot(Set<String> spouts, Set<String> components) {
        Stats s = new Stats();
        for (String comp : components) {
            Counts c = new Counts();
            c.spout = spouts.contains(comp);
            long[] t = StatsConsumer.totals(comp);
            c.emitted = t[0];
            c.acked = t[1];
            c.failed = t[2];
            s.byComponent.put(comp, c);
        }
        return s;
    }

    static Stats of(TopologyInfo info) {
        Stats s = new Stats();
        if (info == null || info.get_executors() == null) {
            return s;
        }
        for (ExecutorSummary ex : info.get_executors()) {
            String comp = ex.get_component_id();
            if (comp.startsWith("__")) {
                continue; // ackers, system bolt, metrics consumers
            }
            Counts c = s.byComponent.computeIfAbsent(comp, k -> new Counts());
            ExecutorStats st = ex.get_stats();
            if (st == null) {
                continue;
            }
            c.emitted += sum(st.get_emitted().get(":all-time"));
            ExecutorSpecificStats sp = st.get_specific();
            if (sp.is_set_spout()) {
                c.spout = true;
                c.acked += sum(sp.get_spout().get_acked().get(":all-time"));
                c.failed += sum(sp.get_spout().get_failed().get(":all-time"));
            } else if (sp.is_set_bolt()) {
                c.acked += sum(sp.get_bolt().get_acked().get(":all-time"));
                c.failed += sum(sp.get_bolt().get_failed().get(":all-time"));
            }
        }
        return s;
    }

    /** Sum of a stream -> count map, system streams left out. */
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

    private long spoutSum(int which) {
        long n = 0;
        for (Counts c : byComponent.values()) {
            if (c.spout) {
                n += which == 0 ? c.emitted : which == 1 ? c.acked : c.failed;
            }
        }
        return n;
    }

    long spoutEmitted() {
        return spoutSum(0);
    }

    long spoutAcked() {
        return spoutSum(1);
    }

    long spoutFailed() {
        return spoutSum(2);
    }

    String table() {
        StringBuilder sb = new StringBuilder(String.format("  %-16s %6s %10s %10s %10s%n",
                "component", "kind", "emitted", "acked", "failed"));
        for (Map.Entry<String, Counts> e : byComponent.entrySet()) {
            Counts c = e.getValue();
            sb.append(String.format("  %-16s %6s %10d %10d %10d%n", e.getKey(), c.spout ? "spout" : "bolt",
                    c.emitted, c.acked, c.failed));
        }
        return sb.toString();
    }
}
