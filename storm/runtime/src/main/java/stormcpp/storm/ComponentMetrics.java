package stormcpp.storm;

import java.util.Map;
import java.util.TreeMap;

import org.apache.storm.metric.api.IMetric;
import org.apache.storm.metric.api.rpc.IShellMetric;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.ObjectReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters, gauges and timers of one stormcpp task, as one Storm metric (V1, the route
 * {@code IMetricsConsumer}s see). {@link CppBolt} and {@link CppSpout} register it in
 * prepare/open under {@link #NAME} and tell the executable that name in the conf
 * ({@code stormcpp.metrics.name}); the executable sends what changed about once a second as
 * {@code {"command":"metrics","name":"stormcpp","params":{"counters":{..},"gauges":{..},"timers":{..}}}},
 * which ShellBolt/ShellSpout hand to {@link #updateMetricFromRPC}.
 *
 * <p>Every bucket ({@code stormcpp.metrics.bucket.secs}, else
 * {@code topology.builtin.metrics.bucket.size.secs}) the consumers get one data point named
 * {@code stormcpp} whose value is a flat map, as for Storm's own multi-metrics: a counter's
 * increase in the bucket under its name; a gauge's last value; a timer's
 * {@code NAME.count}, {@code NAME.mean_ms}, {@code NAME.min_ms}, {@code NAME.max_ms} (count 0
 * and no others when it recorded nothing). Metrics are created on first report, so the C++
 * side may register them whenever it likes.
 *
 * <p>A malformed report never kills the component: the bad entry is logged (once per metric
 * name and problem) and dropped.
 */
public final class ComponentMetrics implements IMetric, IShellMetric {
    /** The name this metric is registered under. */
    public static final String NAME = "stormcpp";
    /** The conf key that tells the executable {@link #NAME}. */
    public static final String CONF_NAME = "stormcpp.metrics.name";
    /** A bucket for these metrics only, in seconds. */
    public static final String CONF_BUCKET = "stormcpp.metrics.bucket.secs";

    private static final Logger LOG = LoggerFactory.getLogger(ComponentMetrics.class);

    private final String component;
    private final Map<String, Long> counters = new TreeMap<>();
    private final Map<String, Double> gauges = new TreeMap<>();
    private final Map<String, double[]> timers = new TreeMap<>(); // count, sum, min, max (ms)
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    ComponentMetrics(String component) {
        this.component = component;
    }

    /**
     * Registers a task's metric (call from prepare/open) and returns the conf to hand to the
     * shell process: {@code conf} with {@link #CONF_NAME} added.
     */
    static Map<String, Object> register(TopologyContext context, Map<String, Object> conf) {
        int bucket = ObjectReader.getInt(conf.get(CONF_BUCKET),
                ObjectReader.getInt(conf.get("topology.builtin.metrics.bucket.size.secs"), 60));
        context.registerMetric(NAME, new ComponentMetrics(context.getThisComponentId()), Math.max(1, bucket));
        Map<String, Object> withName = new java.util.HashMap<>(conf);
        withName.put(CONF_NAME, NAME);
        return withName;
    }

    @Override
    public synchronized void updateMetricFromRPC(Object params) {
        if (!(params instanceof Map)) {
            warn("report", "a metrics report that is not an object: " + params);
            return;
        }
        for (Map.Entry<?, ?> section : ((Map<?, ?>) params).entrySet()) {
            String kind = String.valueOf(section.getKey());
            if (!(section.getValue() instanceof Map)) {
                warn(kind, "section \"" + kind + "\" of a metrics report is not an object");
                continue;
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) section.getValue()).entrySet()) {
                update(kind, String.valueOf(e.getKey()), e.getValue());
            }
        }
    }

    private void update(String kind, String name, Object value) {
        switch (kind) {
            case "counters":
                if (value instanceof Long || value instanceof Integer) {
                    counters.merge(name, ((Number) value).longValue(), Long::sum);
                    return;
                }
                break;
            case "gauges":
                if (value instanceof Number) {
                    gauges.put(name, ((Number) value).doubleValue());
                    return;
                }
                break;
            case "timers":
                if (value instanceof Map) {
                    Map<?, ?> t = (Map<?, ?>) value;
                    Object count = t.get("count");
                    Object sum = t.get("sum_ms");
                    Object min = t.get("min_ms");
                    Object max = t.get("max_ms");
                    if (count instanceof Number && sum instanceof Number && min instanceof Number && max instanceof Number) {
                        double[] a = timers.computeIfAbsent(name, k -> new double[] {0, 0, Double.MAX_VALUE, 0});
                        if (((Number) count).longValue() > 0) {
                            a[0] += ((Number) count).longValue();
                            a[1] += ((Number) sum).doubleValue();
                            a[2] = Math.min(a[2], ((Number) min).doubleValue());
                            a[3] = Math.max(a[3], ((Number) max).doubleValue());
                        }
                        return;
                    }
                }
                break;
            default:
                warn(kind, "a metrics report with an unknown section \"" + kind + "\" (counters, gauges, timers)");
                return;
        }
        warn(kind + "/" + name, "a malformed value for " + kind + " \"" + name + "\": " + value);
    }

    private void warn(String key, String what) {
        if (warned.add(key)) {
            LOG.warn("stormcpp metrics of {}: {}; dropped (further ones like it are not logged)", component, what);
        }
    }

    /**
     * No dimensions, as a HashMap: IMetric's default, Collections.emptyMap(), is not registered
     * with Kryo, and a data point carrying it kills the worker sending it to a consumer in
     * another worker ("Class is not registered: java.util.Collections$EmptyMap", Storm 2.8.3).
     */
    @Override
    public Map<String, String> getDimensions() {
        return new java.util.HashMap<>();
    }

    @Override
    public synchronized Object getValueAndReset() {
        if (counters.isEmpty() && gauges.isEmpty() && timers.isEmpty()) {
            return null;
        }
        // HashMap: the data point crosses workers through Kryo, which Storm registers HashMap with
        Map<String, Object> value = new java.util.HashMap<>();
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            value.put(e.getKey(), e.getValue());
            e.setValue(0L);
        }
        value.putAll(gauges);
        for (Map.Entry<String, double[]> e : timers.entrySet()) {
            double[] a = e.getValue();
            value.put(e.getKey() + ".count", (long) a[0]);
            if (a[0] > 0) {
                value.put(e.getKey() + ".mean_ms", a[1] / a[0]);
                value.put(e.getKey() + ".min_ms", a[2]);
                value.put(e.getKey() + ".max_ms", a[3]);
            }
            e.setValue(new double[] {0, 0, Double.MAX_VALUE, 0});
        }
        return value;
    }
}
