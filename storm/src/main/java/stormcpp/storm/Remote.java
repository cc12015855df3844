package stormcpp.storm;

import java.util.Map;

import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.ClusterSummary;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.Nimbus;
import org.apache.storm.generated.TopologyInfo;
import org.apache.storm.generated.TopologySummary;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.Utils;

/**
 * Talks to a Storm cluster the way a user's client does (storm.yaml from {@code -Dstorm.conf.file}
 * or the classpath, Nimbus found through {@code nimbus.seeds}):
 *
 * <pre>
 * java -cp TOPOLOGY.jar:STORM_CLIENT_CLASSPATH -Dstorm.jar=TOPOLOGY.jar stormcpp.storm.Remote submit
 *      --spec topologies/wordcount.yaml [--name NAME] [--sink-from count --sink-file /path]
 *      [--stats-file /path]
 * ... stormcpp.storm.Remote stats --name NAME
 * ... stormcpp.storm.Remote kill --name NAME [--wait SECS]
 * </pre>
 *
 * {@code submit} is {@code StormSubmitter.submitTopology}, what {@code storm jar} ends up calling:
 * it uploads {@code storm.jar} to Nimbus. A spec is a file, or a resource inside the topology jar.
 * With {@code --sink-file}, the {@link Sink} bolt is appended and writes what reached it there;
 * with {@code --stats-file}, {@link StatsConsumer} writes per-component emitted/acked/failed there.
 */
public final class Remote {
    private Remote() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String cmd = args[0];
        String spec = null;
        String name = null;
        String sinkFrom = "count";
        String sinkFile = null;
        String statsFile = null;
        int wait = 0;
        for (int i = 1; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--spec": spec = v; i++; break;
                case "--name": name = v; i++; break;
                case "--sink-from": sinkFrom = v; i++; break;
                case "--sink-file": sinkFile = v; i++; break;
                case "--stats-file": statsFile = v; i++; break;
                case "--wait": wait = Integer.parseInt(v); i++; break;
                default: usage();
            }
        }
        switch (cmd) {
            case "submit":
                if (spec == null) {
                    usage();
                }
                submit(spec, name, sinkFrom, sinkFile, statsFile);
                break;
            case "stats":
                stats(need(name));
                break;
            case "ready":
                ready();
                break;
            case "kill":
                kill(need(name), wait);
                break;
            default:
                usage();
        }
    }

    private static String need(String name) {
        if (name == null) {
            usage();
        }
        return name;
    }

    private static void usage() {
        System.err.println("usage: Remote submit --spec SPEC [--name NAME] [--sink-from COMPONENT --sink-file FILE]\n"
                + "              [--stats-file FILE]\n"
                + "       Remote ready            (exit 0 when a Nimbus leads and a Supervisor has free slots)\n"
                + "       Remote stats --name NAME\n"
                + "       Remote kill --name NAME [--wait SECS]");
        System.exit(2);
    }

    private static void submit(String spec, String name, String sinkFrom, String sinkFile, String statsFile)
            throws Exception {
        Specs.Loaded t = Specs.load(spec);
        Map<String, Object> conf = t.conf;
        if (sinkFile != null) {
            Specs.withSink(t.topology, sinkFrom);
            conf.put(Sink.FILE_CONF, sinkFile);
        }
        if (statsFile != null) {
            StatsConsumer.register(conf);
            conf.put(StatsConsumer.FILE_CONF, statsFile);
        }
        String topologyName = name != null ? name : t.name;
        StormSubmitter.submitTopology(topologyName, conf, t.topology);
        System.out.println("stormcpp: submitted '" + topologyName + "' (spouts " + t.topology.get_spouts().keySet()
                + ", bolts " + t.topology.get_bolts().keySet() + ")");
    }

    private static NimbusClient client() throws Exception {
        Map<String, Object> conf = Utils.readStormConfig();
        return NimbusClient.getConfiguredClient(conf);
    }

    private static String idOf(Nimbus.Iface nimbus, String name) throws Exception {
        ClusterSummary cs = nimbus.getClusterInfo();
        for (TopologySummary ts : cs.get_topologies()) {
            if (ts.get_name().equals(name)) {
                return ts.get_id();
            }
        }
        return null;
    }

    private static void ready() {
        try {
            NimbusClient c = client();
            try {
                ClusterSummary cs = c.getClient().getClusterInfo();
                int free = 0;
                for (org.apache.storm.generated.SupervisorSummary s : cs.get_supervisors()) {
                    free += s.get_num_workers() - s.get_num_used_workers();
                }
                boolean leader = false;
                for (org.apache.storm.generated.NimbusSummary n : cs.get_nimbuses()) {
                    leader |= n.is_isLeader();
                }
                System.out.println("stormcpp: " + (leader ? "Nimbus leader elected" : "no Nimbus leader yet") + ", "
                        + cs.get_supervisors_size() + " supervisor(s), " + free + " free slot(s)");
                System.exit(leader && free > 0 ? 0 : 1);
            } finally {
                c.close();
            }
        } catch (Exception e) {
            System.out.println("stormcpp: Nimbus not ready: " + e);
            System.exit(1);
        }
    }

    private static void stats(String name) throws Exception {
        NimbusClient c = client();
        try {
            String id = idOf(c.getClient(), name);
            if (id == null) {
                System.err.println("stormcpp: no topology named " + name);
                System.exit(1);
            }
            TopologyInfo info = c.getClient().getTopologyInfo(id);
            Stats s = Stats.of(info);
            System.out.println("topology " + name + " (" + id + "), status " + info.get_status() + ", uptime "
                    + info.get_uptime_secs() + " s, " + info.get_executors_size() + " executors");
            System.out.print(s.table());
            System.out.printf("tuples: spout emitted %d, acked %d, failed %d%n",
                    s.spoutEmitted(), s.spoutAcked(), s.spoutFailed());
        } finally {
            c.close();
        }
    }

    private static void kill(String name, int wait) throws Exception {
        NimbusClient c = client();
        try {
            KillOptions opts = new KillOptions();
            opts.set_wait_secs(wait);
            c.getClient().killTopologyWithOpts(name, opts);
            System.out.println("stormcpp: killed '" + name + "' (wait " + wait + " s)");
        } finally {
            c.close();
        }
    }
}
