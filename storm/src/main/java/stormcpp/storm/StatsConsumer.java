package stormcpp.storm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.storm.metric.api.IMetricsConsumer;
import org.apache.storm.task.IErrorReporter;
import org.apache.storm.task.TopologyContext;

/**
 * Adds up Storm's built-in per-task metrics (emit / ack / fail counts) into per-component totals,
 * system streams ({@code __ack_init}, {@code __metrics}, ...) left out.
 *
 * <ul>
 *   <li>Storm 1.x sends v1 metrics {@code __emit-count}, {@code __ack-count}, {@code __fail-count}:
 *       maps of stream (or {@code component:stream}) to the count since the last report.
 *   <li>Storm 2.x keeps these as v2 metrics and sends them to consumers only with
 *       {@code topology.enable.v2.metrics.tick}: one number per stream, named
 *       {@code __emit-count-<stream>} or {@code __ack-count-<component>:<stream>}, counted since
 *       the task started.
 * </ul>
 *
 * Storm 2.x leaves the executor stats of {@code getTopologyInfo} empty (local mode and cluster
 * alike, 2.8.3), hence this. In local mode {@link LocalRun} reads the totals in-process; on a
 * cluster, with {@code stormcpp.stats.file} set, the consumer rewrites that file (at most once a
 * second) with one line per component: {@code <component> <emitted> <acked> <failed>}.
 */
public class StatsConsumer implements IMetricsConsumer {
    public static final String FILE_CONF = "stormcpp.stats.file";
    /** Seconds between metrics reports. */
    public static final int METRICS_SECS = 2;

    private transient String file;
    private transient long lastWrite;

    private static final String[] KINDS = {"__emit-count", "__ack-count", "__fail-count"};

    /** "component\0slot" -> sum of v1 deltas */
    static final ConcurrentHashMap<String, AtomicLong> DELTAS = new ConcurrentHashMap<>();
    /** "component\0slot\0task\0metric" -> latest v2 cumulative value */
    static final ConcurrentHashMap<String, Long> LATEST = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("rawtypes")
    public void prepare(Map conf, Object registrationArgument, TopologyContext context, IErrorReporter errorReporter) {
        Object f = conf.get(FILE_CONF);
        file = f == null ? null : f.toString();
    }

    /**
     * Makes a topology config report built-in metrics every METRICS_SECS seconds to this consumer
     * (v2 metrics included), and registers the Kryo serializer Storm 2.x lacks for them.
     */
    @SuppressWarnings("unchecked")
    public static void register(Map<String, Object> conf) {
        conf.put("topology.builtin.metrics.bucket.size.secs", METRICS_SECS);
        conf.put("topology.stats.sample.rate", 1.0); // count every tuple, not a sample
        conf.put("topology.enable.v2.metrics.tick", true);
        conf.put("topology.v2.metrics.tick.interval.seconds", METRICS_SECS);
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("class", StatsConsumer.class.getName());
        consumer.put("parallelism.hint", 1);
        appendToList(conf, "topology.metrics.consumer.register", consumer);
        Map<String, Object> kryo = new HashMap<>();
        kryo.put("java.util.Collections$EmptyMap", EmptyMapSerializer.class.getName());
        appendToList(conf, "topology.kryo.register", kryo);
    }

    @SuppressWarnings("unchecked")
    private static void appendToList(Map<String, Object> conf, String key, Object value) {
        List<Object> list = new ArrayList<>();
        Object existing = conf.get(key);
        if (existing instanceof List) {
            list.addAll((List<Object>) existing);
        }
        list.add(value);
        conf.put(key, list);
    }

    @Override
    public void handleDataPoints(TaskInfo task, Collection<DataPoint> points) {
        String comp = task.srcComponentId;
        if (comp == null || comp.startsWith("__")) {
            return;
        }
        for (DataPoint p : points) {
            for (int slot = 0; slot < KINDS.length; slot++) {
                String kind = KINDS[slot];
                if (p.name.equals(kind) && p.value instanceof Map) { // v1
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) p.value).entrySet()) {
                        if (userStream(String.valueOf(e.getKey())) && e.getValue() instanceof Number) {
                            DELTAS.computeIfAbsent(comp + "\0" + slot, k -> new AtomicLong())
                                    .addAndGet(((Number) e.getValue()).longValue());
                        }
                    }
                } else if (p.name.startsWith(kind + "-") && p.value instanceof Number // v2
                        && userStream(p.name.substring(kind.length() + 1))) {
                    LATEST.put(comp + "\0" + slot + "\0" + task.srcTaskId + "\0" + p.name,
                            ((Number) p.value).longValue());
                }
            }
        }
        long now = System.currentTimeMillis();
        if (file != null && now - lastWrite >= 1000) {
            lastWrite = now;
            writeFile();
        }
    }

    private void writeFile() {
        java.util.Set<String> comps = new java.util.TreeSet<>();
        for (String k : DELTAS.keySet()) {
            comps.add(k.substring(0, k.indexOf('\0')));
        }
        for (String k : LATEST.keySet()) {
            comps.add(k.substring(0, k.indexOf('\0')));
        }
        StringBuilder sb = new StringBuilder();
        for (String c : comps) {
            long[] t = totals(c);
            sb.append(c).append(' ').append(t[0]).append(' ').append(t[1]).append(' ').append(t[2]).append('\n');
        }
        try {
            File target = new File(file);
            File tmp = new File(file + ".tmp");
            Files.write(tmp.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RuntimeException("stormcpp stats consumer cannot write " + file, e);
        }
    }

    /** True for a user stream; {@code key} is "stream" or "component:stream". */
    private static boolean userStream(String key) {
        String stream = key.substring(key.lastIndexOf(':') + 1);
        return !stream.startsWith("__") && !stream.contains(".");  // "x.m1_rate" are rates
    }

    /** {emitted, acked, failed} of one component so far. */
    static long[] totals(String comp) {
        long[] t = new long[3];
        for (int slot = 0; slot < 3; slot++) {
            AtomicLong d = DELTAS.get(comp + "\0" + slot);
            t[slot] = d == null ? 0 : d.get();
            String prefix = comp + "\0" + slot + "\0";
            for (Map.Entry<String, Long> e : LATEST.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    t[slot] += e.getValue();
                }
            }
        }
        return t;
    }

    @Override
    public void cleanup() {}
}
