package stormcpp.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * C++ components' own metrics as Storm's {@code LoggingMetricsConsumer} wrote them: the data
 * points named {@code stormcpp} (see stormcpp.storm.ComponentMetrics), totalled per component.
 * Local runs and the dev cluster register that consumer; its lines go to
 * {@code BUILD_DIR/stormcpp/local/metrics.log} (local) or each worker's
 * {@code worker.log.metrics} (dev cluster). A line is
 * {@code [prefix]TIMESTAMP \t HOST:PORT \t TASK:COMPONENT \t NAME \t VALUE}, the value a map
 * printed as {@code {k=v, ...}}.
 */
final class MetricsLog {
    static final String CONSUMER = "org.apache.storm.metric.LoggingMetricsConsumer";
    static final String POINT = "stormcpp";
    static final String EMPTY_MAP = "java.util.Collections$EmptyMap";

    /** One component's totals over every bucket and task seen. */
    static final class Component {
        final Map<String, Long> counters = new TreeMap<>();
        final Map<Integer, Map<String, Double>> gauges = new TreeMap<>(); // task -> latest values
        final Map<String, double[]> timers = new TreeMap<>(); // count, sum, min, max (ms)
    }

    final Map<String, Component> components = new TreeMap<>();

    /**
     * Registers the LoggingMetricsConsumer in {@code conf} unless it already is, and the Kryo
     * serializer a consumer in another worker needs (stormcpp.storm.EmptyMapSerializer).
     */
    @SuppressWarnings("unchecked")
    static void addConsumer(Map<String, Object> conf) {
        Object kryo = conf.get("topology.kryo.register");
        List<Object> registrations = kryo instanceof List ? new ArrayList<>((List<Object>) kryo) : new ArrayList<>();
        boolean registered = false;
        for (Object r : registrations) {
            registered |= EMPTY_MAP.equals(r) || (r instanceof Map && ((Map<?, ?>) r).containsKey(EMPTY_MAP));
        }
        if (!registered) {
            Map<String, Object> r = new HashMap<>();
            r.put(EMPTY_MAP, "stormcpp.storm.EmptyMapSerializer");
            registrations.add(r);
            conf.put("topology.kryo.register", registrations);
        }
        Object current = conf.get("topology.metrics.consumer.register");
        List<Object> consumers = current instanceof List ? new ArrayList<>((List<Object>) current) : new ArrayList<>();
        for (Object c : consumers) {
            if (c instanceof Map && CONSUMER.equals(((Map<?, ?>) c).get("class"))) {
                return;
            }
        }
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("class", CONSUMER);
        consumer.put("parallelism.hint", 1);
        consumers.add(consumer);
        conf.put("topology.metrics.consumer.register", consumers);
    }

    /**
     * A topology's workers' metrics logs: {@code artifactDirs} is ':'-separated, each host's
     * workers-artifacts/, holding TOPOLOGY-ID/PORT/worker.log.metrics.
     */
    static List<Path> workerFiles(String artifactDirs, String topologyId) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String artifacts : artifactDirs.split(":")) {
            Path dir = java.nio.file.Paths.get(artifacts, topologyId);
            if (!artifacts.isEmpty() && Files.isDirectory(dir)) {
                try (java.util.stream.Stream<Path> ports = Files.list(dir)) {
                    ports.map(p -> p.resolve("worker.log.metrics")).filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    static MetricsLog read(List<Path> files) {
        MetricsLog log = new MetricsLog();
        for (Path f : files) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    log.add(line);
                }
            } catch (IOException e) {
                // a worker's file that rolled or vanished: the others still count
            }
        }
        return log;
    }

    private void add(String line) {
        String[] p = line.split("\t");
        if (p.length < 5 || !p[p.length - 2].trim().equals(POINT)) {
            return;
        }
        String taskComponent = p[p.length - 3].trim();
        int colon = taskComponent.indexOf(':');
        if (colon < 0) {
            return;
        }
        int task;
        try {
            task = Integer.parseInt(taskComponent.substring(0, colon).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Component c = components.computeIfAbsent(taskComponent.substring(colon + 1).trim(), k -> new Component());
        Map<String, String> values = parseMap(p[p.length - 1].trim());
        Map<String, Double> gauges = c.gauges.computeIfAbsent(task, k -> new TreeMap<>());
        Map<String, double[]> timerParts = new HashMap<>();
        for (Map.Entry<String, String> raw : values.entrySet()) {
            String k = raw.getKey();
            double v;
            try {
                v = Double.parseDouble(raw.getValue());
            } catch (NumberFormatException e) {
                continue; // not one of ours
            }
            int dot = k.lastIndexOf('.');
            String suffix = dot < 0 ? "" : k.substring(dot);
            if (suffix.equals(".count") || suffix.equals(".mean_ms") || suffix.equals(".min_ms") || suffix.equals(".max_ms")) {
                double[] t = timerParts.computeIfAbsent(k.substring(0, dot), x -> new double[] {0, 0, Double.NaN, Double.NaN});
                switch (suffix) {
                    case ".count": t[0] = v; break;
                    case ".mean_ms": t[1] = v; break;
                    case ".min_ms": t[2] = v; break;
                    default: t[3] = v; break;
                }
            } else if (raw.getValue().matches("-?[0-9]+")) {
                // ComponentMetrics reports counters as Long (printed 12), gauges as Double (12.0)
                c.counters.merge(k, (long) v, Long::sum);
            } else {
                gauges.put(k, v);
            }
        }
        for (Map.Entry<String, double[]> e : timerParts.entrySet()) {
            double[] part = e.getValue();
            double[] total = c.timers.computeIfAbsent(e.getKey(), k -> new double[] {0, 0, Double.MAX_VALUE, 0});
            if (part[0] > 0) {
                total[0] += part[0];
                total[1] += part[0] * part[1];
                total[2] = Math.min(total[2], part[2]);
                total[3] = Math.max(total[3], part[3]);
            }
        }
    }

    /** {@code {a=1, b.count=2, c=0.5}} into its keys and values. */
    static Map<String, String> parseMap(String s) {
        Map<String, String> m = new TreeMap<>();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return m;
        }
        for (String kv : s.substring(1, s.length() - 1).split(", ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    boolean isEmpty() {
        return components.isEmpty();
    }

    /** Per component, one line: counters (total), gauges (sum over tasks of each task's latest), timers. */
    String table() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Component> e : components.entrySet()) {
            Component c = e.getValue();
            List<String> parts = new ArrayList<>();
            c.counters.forEach((k, v) -> parts.add(k + " " + v));
            Map<String, Double> gaugeSums = new TreeMap<>();
            for (Map<String, Double> perTask : c.gauges.values()) {
                perTask.forEach((k, v) -> gaugeSums.merge(k, v, Double::sum));
            }
            gaugeSums.forEach((k, v) -> parts.add(k + " " + number(v)));
            c.timers.forEach((k, t) -> parts.add(t[0] == 0 ? k + " 0 timed"
                    : String.format("%s %d timed, mean %.3f ms, max %.3f ms", k, (long) t[0], t[1] / t[0], t[3])));
            if (!parts.isEmpty()) {
                sb.append(String.format("  %-20s %s%n", e.getKey(), String.join(", ", parts)));
            }
        }
        return sb.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.3f", v);
    }
}
