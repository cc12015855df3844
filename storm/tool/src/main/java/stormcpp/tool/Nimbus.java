package stormcpp.tool;

import java.util.Collections;
import java.util.Map;

import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.AlreadyAliveException;
import org.apache.storm.generated.ClusterSummary;
import org.apache.storm.generated.InvalidTopologyException;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.NimbusSummary;
import org.apache.storm.generated.NotAliveException;
import org.apache.storm.generated.SupervisorSummary;
import org.apache.storm.generated.TopologySummary;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.Utils;

/**
 * The cluster commands, through Nimbus's Thrift API as Storm's own client and UI use it:
 * {@code submit} is {@code StormSubmitter.submitTopology} (what {@code storm jar} ends up
 * calling; it uploads {@code -Dstorm.jar}), the others are {@link NimbusClient} calls.
 */
final class Nimbus {
    private Nimbus() {}

    /** The client config: Storm's defaults (and any storm.yaml), pointed at the environment's Nimbus. */
    private static Map<String, Object> clientConf(Main.Args a) {
        Project.Env env = a.env();
        if (env.nimbusHost == null) {
            throw new Main.Exit(Main.USAGE, "environment '" + env.name + "' names no Nimbus: set nimbus: HOST:PORT "
                    + "(or dev_cluster: true) under envs." + env.name + " in stormcpp.yaml, or pass --nimbus HOST:PORT");
        }
        Map<String, Object> conf = Utils.readStormConfig();
        conf.put(Config.NIMBUS_SEEDS, Collections.singletonList(env.nimbusHost));
        conf.put(Config.NIMBUS_THRIFT_PORT, env.nimbusPort);
        // fail fast when Nimbus is not there (Storm's default retries for about 10 s)
        conf.put(Config.STORM_NIMBUS_RETRY_TIMES, 1);
        conf.put(Config.STORM_NIMBUS_RETRY_INTERVAL, 500);
        conf.put(Config.STORM_NIMBUS_RETRY_INTERVAL_CEILING, 1000);
        return conf;
    }

    private static String where(Map<String, Object> conf) {
        return conf.get(Config.NIMBUS_SEEDS) + ":" + conf.get(Config.NIMBUS_THRIFT_PORT);
    }

    private static NimbusClient client(Map<String, Object> conf) {
        try {
            return NimbusClient.getConfiguredClient(conf);
        } catch (RuntimeException e) {
            throw new Main.Exit(Main.UNREACHABLE, "[stormcpp.nimbus_unreachable] cannot reach Nimbus at "
                    + where(conf).replaceAll("[\\[\\]]", "") + " (" + Project.oneLine(e.getMessage())
                    + "): start the cluster (stormcpp cluster up) or fix nimbus: in stormcpp.yaml");
        }
    }

    private static TopologySummary find(NimbusClient c, String name) throws Exception {
        for (TopologySummary ts : c.getClient().getClusterInfo().get_topologies()) {
            if (ts.get_name().equals(name)) {
                return ts;
            }
        }
        return null;
    }

    private static TopologySummary need(NimbusClient c, String name, Map<String, Object> conf) throws Exception {
        TopologySummary ts = find(c, name);
        if (ts == null) {
            throw new Main.Exit(Main.NO_TOPOLOGY, "[stormcpp.no_topology] no topology named '" + name + "' on Nimbus "
                    + where(conf).replaceAll("[\\[\\]]", "") + " (stormcpp list shows what runs)");
        }
        return ts;
    }

    static int submit(Main.Args a) throws Exception {
        Specs.Loaded t = Specs.load(a.spec());
        if (a.resources != null) {
            Preflight.check(t.topology, a.resources, false);
        }
        String name = a.topologyName(t.name);
        Map<String, Object> client = clientConf(a);
        Map<String, Object> conf = a.project.conf(a.env(), t.conf, a.options);
        if (a.env().devCluster) {
            // `stormcpp stats` shows the components' own metrics from the workers' metrics logs
            MetricsLog.addConsumer(conf);
            conf.putIfAbsent("stormcpp.metrics.bucket.secs", 5);
        }
        conf.put(Config.NIMBUS_SEEDS, client.get(Config.NIMBUS_SEEDS));
        conf.put(Config.NIMBUS_THRIFT_PORT, client.get(Config.NIMBUS_THRIFT_PORT));
        conf.put(Config.STORM_NIMBUS_RETRY_TIMES, client.get(Config.STORM_NIMBUS_RETRY_TIMES));
        try (NimbusClient c = client(client)) {
            if (find(c, name) != null) {
                if (!a.force) {
                    throw new Main.Exit(Main.NO_TOPOLOGY, "[stormcpp.topology_exists] a topology named '" + name
                            + "' already runs: kill it first (stormcpp kill " + name + ") or pass --force");
                }
                System.out.println("stormcpp: --force: killing the running '" + name + "' first");
                killAndWait(c, name, 0, 120);
            }
        }
        try {
            StormSubmitter.submitTopology(name, conf, t.topology);
        } catch (AlreadyAliveException e) {
            throw new Main.Exit(Main.NO_TOPOLOGY, "[stormcpp.topology_exists] " + e.get_msg());
        } catch (InvalidTopologyException e) {
            throw new Main.Exit(Main.INVALID, "[stormcpp.invalid_topology] Nimbus refused the topology: " + e.get_msg());
        }
        System.out.println("stormcpp: submitted '" + name + "' to Nimbus " + where(client).replaceAll("[\\[\\]]", "")
                + " (spouts " + t.topology.get_spouts().keySet() + ", bolts " + t.topology.get_bolts().keySet() + ")");
        return 0;
    }

    static int list(Main.Args a) throws Exception {
        Map<String, Object> conf = clientConf(a);
        try (NimbusClient c = client(conf)) {
            ClusterSummary cs = c.getClient().getClusterInfo();
            if (cs.get_topologies().isEmpty()) {
                System.out.println("no topologies running on " + where(conf).replaceAll("[\\[\\]]", ""));
                return 0;
            }
            System.out.printf("%-28s %-40s %-10s %8s %8s %10s%n", "name", "id", "status", "uptime", "workers", "executors");
            for (TopologySummary ts : cs.get_topologies()) {
                System.out.printf("%-28s %-40s %-10s %7ds %8d %10d%n", ts.get_name(), ts.get_id(), ts.get_status(),
                        ts.get_uptime_secs(), ts.get_num_workers(), ts.get_num_executors());
            }
        }
        return 0;
    }

    static int ready(Main.Args a) throws Exception {
        Map<String, Object> conf = clientConf(a);
        try (NimbusClient c = client(conf)) {
            ClusterSummary cs = c.getClient().getClusterInfo();
            int free = 0;
            int withFree = 0;
            StringBuilder hosts = new StringBuilder();
            java.util.List<SupervisorSummary> sups = new java.util.ArrayList<>(cs.get_supervisors());
            sups.sort(java.util.Comparator.comparing(SupervisorSummary::get_host));
            for (SupervisorSummary s : sups) {
                free += s.get_num_workers() - s.get_num_used_workers();
                withFree += s.get_num_workers() > s.get_num_used_workers() ? 1 : 0;
                hosts.append(hosts.length() == 0 ? " (" : ", ").append(s.get_host()).append(' ')
                        .append(s.get_num_used_workers()).append('/').append(s.get_num_workers()).append(" slots used");
            }
            if (hosts.length() > 0) {
                hosts.append(')');
            }
            boolean leader = false;
            for (NimbusSummary n : cs.get_nimbuses()) {
                leader |= n.is_isLeader();
            }
            System.out.println("stormcpp: " + (leader ? "Nimbus leader elected" : "no Nimbus leader yet") + ", "
                    + cs.get_supervisors_size() + " supervisor(s)" + hosts + ", " + free + " free slot(s)");
            // --supervisors N: N Supervisors with a free slot each, so that N workers can run on N hosts
            return leader && free > 0 && withFree >= a.supervisors ? 0 : Main.FAILED;
        }
    }

    static int kill(Main.Args a) throws Exception {
        String name = a.needName();
        Map<String, Object> conf = clientConf(a);
        try (NimbusClient c = client(conf)) {
            need(c, name, conf);
            int wait = a.waitSecs >= 0 ? a.waitSecs : 0;
            killAndWait(c, name, wait, wait + 120);
        }
        return 0;
    }

    /** Kills NAME (Storm deactivates it, waits {@code wait} s, then removes it) and waits until it is gone. */
    private static void killAndWait(NimbusClient c, String name, int wait, int limitSecs) throws Exception {
        KillOptions opts = new KillOptions();
        opts.set_wait_secs(wait);
        try {
            c.getClient().killTopologyWithOpts(name, opts);
        } catch (NotAliveException e) {
            return; // gone already
        }
        long deadline = System.currentTimeMillis() + limitSecs * 1000L;
        while (find(c, name) != null) {
            if (System.currentTimeMillis() > deadline) {
                throw new Main.Exit(Main.FAILED, "'" + name + "' is still listed " + limitSecs + " s after the kill");
            }
            Thread.sleep(500);
        }
        System.out.println("stormcpp: killed '" + name + "'");
    }

    static int activate(Main.Args a, boolean on) throws Exception {
        String name = a.needName();
        Map<String, Object> conf = clientConf(a);
        try (NimbusClient c = client(conf)) {
            need(c, name, conf);
            if (on) {
                c.getClient().activate(name);
            } else {
                c.getClient().deactivate(name);
            }
            System.out.println("stormcpp: " + (on ? "activated" : "deactivated") + " '" + name + "'");
        }
        return 0;
    }

    static int stats(Main.Args a) throws Exception {
        String name = a.needName();
        Map<String, Object> conf = clientConf(a);
        try (NimbusClient c = client(conf)) {
            TopologySummary ts = need(c, name, conf);
            Stats s = new Stats(c.getClient().getTopologyInfo(ts.get_id()),
                    c.getClient().getUserTopology(ts.get_id()).get_spouts().keySet());
            System.out.printf("topology %s (%s): %s, up %d s, %d workers, %d executors%n", name, ts.get_id(), s.status,
                    s.uptimeSecs, ts.get_num_workers(), ts.get_num_executors());
            System.out.print(s.table(true));
            System.out.printf("tuples: spouts emitted %d, acked %d, failed %d%n", s.total(true, x -> x.emitted),
                    s.total(true, x -> x.acked), s.total(true, x -> x.failed));
            if (a.metricsDir != null) {
                String metrics = MetricsLog.read(MetricsLog.workerFiles(a.metricsDir, ts.get_id())).table();
                System.out.print(metrics.isEmpty() ? "no metrics reported by the components yet\n"
                        : "metrics (the components' own, from Storm's metrics consumer):\n" + metrics);
            }
            String errors = s.errors(5);
            System.out.print(errors.isEmpty() ? "no errors reported\n" : "errors reported (newest 5 per component):\n" + errors);
        }
        return 0;
    }
}
