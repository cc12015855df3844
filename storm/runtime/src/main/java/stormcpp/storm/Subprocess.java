package stormcpp.storm;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.storm.Config;
import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metric.api.rpc.IShellMetric;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.ObjectReader;
import org.apache.storm.utils.ShellProcess;
import org.slf4j.Logger;

/** What SpoutProcess and BoltProcess do alike, as Storm's ShellSpout and ShellBolt do it. */
final class Subprocess {
    private Subprocess() {}

    /** How long a subprocess may stay silent: topology.subprocess.timeout.secs, else the worker's timeout. */
    static long timeoutMillis(Map<String, Object> topoConf) {
        Object timeout = topoConf.containsKey(Config.TOPOLOGY_SUBPROCESS_TIMEOUT_SECS)
                ? topoConf.get(Config.TOPOLOGY_SUBPROCESS_TIMEOUT_SECS) : topoConf.get(Config.SUPERVISOR_WORKER_TIMEOUT_SECS);
        return 1000L * ObjectReader.getInt(timeout);
    }

    /** Starts the process and gets its pid through the handshake (a dead or silent process throws). */
    static ShellProcess launch(String[] command, Map<String, Object> topoConf, TopologyContext context, Logger log) {
        ShellProcess process = new ShellProcess(command);
        Number pid = process.launch(topoConf, context, true);
        log.info("Launched subprocess with pid {}", pid);
        return process;
    }

    /** {@code check} every second on a daemon thread of its own, named after the component's task. */
    static ScheduledExecutorService watchdog(String name, Runnable check) {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stormcpp-watchdog-" + name);
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(check, 1, 1, TimeUnit.SECONDS);
        return watchdog;
    }

    /** A {@code metrics} message: the update goes to the component's registered IShellMetric of that name. */
    static void updateMetric(TopologyContext context, ShellMsg msg) throws Exception {
        String name = msg.getMetricName();
        if (name == null || name.isEmpty()) throw new RuntimeException("Receive Metrics name is empty");
        IMetric metric = context.getRegisteredMetricByName(name);
        if (metric == null) throw new RuntimeException("Could not find metric by name[" + name + "] ");
        if (!(metric instanceof IShellMetric)) {
            throw new RuntimeException("Metric[" + name + "] is not IShellMetric, can not call by RPC");
        }
        ((IShellMetric) metric).updateMetricFromRPC(msg.getMetricParams());
    }
}
