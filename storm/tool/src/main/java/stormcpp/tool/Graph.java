package stormcpp.tool;

import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;

/** What a spec's topology looks like: its graph ({@code visualize}) and one component's handshake context. */
final class Graph {
    private Graph() {}

    /** Every component's ComponentCommon, spouts and bolts, by id. */
    private static Map<String, ComponentCommon> components(StormTopology t) {
        Map<String, ComponentCommon> all = new TreeMap<>();
        t.get_spouts().forEach((id, s) -> all.put(id, s.get_common()));
        t.get_bolts().forEach((id, b) -> all.put(id, b.get_common()));
        return all;
    }

    private static String grouping(Grouping g) {
        if (g.is_set_fields()) {
            return g.get_fields().isEmpty() ? "GLOBAL" : "FIELDS " + g.get_fields();
        }
        return g.getSetField().name();
    }

    static int dot(Main.Args a) throws Exception {
        Specs.Loaded t = Specs.load(a.spec());
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(a.topologyName(t.name)).append("\" {\n  rankdir=LR;\n");
        Map<String, ComponentCommon> all = components(t.topology);
        for (Map.Entry<String, ComponentCommon> e : all.entrySet()) {
            boolean spout = t.topology.get_spouts().containsKey(e.getKey());
            sb.append(String.format("  \"%s\" [shape=%s, label=\"%s\\n%s x%d\"];%n", e.getKey(), spout ? "box" : "ellipse",
                    e.getKey(), spout ? "spout" : "bolt", Math.max(1, e.getValue().get_parallelism_hint())));
        }
        for (Map.Entry<String, ComponentCommon> e : all.entrySet()) {
            for (Map.Entry<GlobalStreamId, Grouping> in : e.getValue().get_inputs().entrySet()) {
                GlobalStreamId src = in.getKey();
                StreamInfo info = all.get(src.get_componentId()) == null ? null
                        : all.get(src.get_componentId()).get_streams().get(src.get_streamId());
                String label = (src.get_streamId().equals("default") ? "" : src.get_streamId() + ": ")
                        + (info == null ? "?" : info.get_output_fields().toString()) + "\\n" + grouping(in.getValue());
                sb.append(String.format("  \"%s\" -> \"%s\" [label=\"%s\"];%n", src.get_componentId(), e.getKey(),
                        label.replace("\"", "'")));
            }
        }
        System.out.print(sb.append("}\n"));
        return 0;
    }

    /**
     * Writes the handshake's {@code context} for one component, as Storm would build it for that
     * component's first task (task ids numbered as Storm numbers them: components sorted by id,
     * each with as many tasks as its parallelism), to CONTEXT_FILE, and the topology config to
     * CONF_FILE; prints {@code spout} or {@code bolt}, then the component's command (tab-separated).
     */
    static int context(Main.Args a) throws Exception {
        if (a.component == null || a.positional.size() != 2) {
            throw new Main.Exit(Main.USAGE, "usage: context --spec S --component C CONTEXT_FILE CONF_FILE");
        }
        Specs.Loaded t = Specs.load(a.spec());
        Map<String, ComponentCommon> all = components(t.topology);
        ComponentCommon self = all.get(a.component);
        if (self == null) {
            throw new Main.Exit(Main.INVALID, "[stormcpp.no_component] the spec has no component '" + a.component
                    + "' (components: " + String.join(", ", all.keySet()) + ")");
        }
        Map<String, Object> taskToComponent = new TreeMap<>();
        int task = 1;
        int selfTask = 0;
        List<String> ids = new ArrayList<>(all.keySet());
        ids.add("__acker");
        ids.sort(null);
        for (String id : ids) {
            int tasks = id.equals("__acker") ? 1 : Math.max(1, all.get(id).get_parallelism_hint());
            if (id.equals(a.component)) {
                selfTask = task;
            }
            for (int i = 0; i < tasks; i++) {
                taskToComponent.put(String.valueOf(task++), id);
            }
        }
        Map<String, Object> outFields = new TreeMap<>();
        self.get_streams().forEach((s, info) -> outFields.put(s, info.get_output_fields()));
        Map<String, Object> targets = new TreeMap<>();
        Map<String, Object> sources = new TreeMap<>();
        Map<String, Object> sourceFields = new TreeMap<>();
        for (Map.Entry<String, ComponentCommon> e : all.entrySet()) {
            for (Map.Entry<GlobalStreamId, Grouping> in : e.getValue().get_inputs().entrySet()) {
                GlobalStreamId src = in.getKey();
                if (src.get_componentId().equals(a.component)) {
                    stream(targets, src.get_streamId()).put(e.getKey(), groupingJson(in.getValue()));
                }
                if (e.getKey().equals(a.component)) {
                    stream(sources, src.get_componentId()).put(src.get_streamId(), groupingJson(in.getValue()));
                    ComponentCommon from = all.get(src.get_componentId());
                    StreamInfo info = from == null ? null : from.get_streams().get(src.get_streamId());
                    if (info != null) {
                        stream(sourceFields, src.get_componentId()).put(src.get_streamId(), info.get_output_fields());
                    }
                }
            }
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("taskid", selfTask);
        context.put("componentid", a.component);
        context.put("task->component", taskToComponent);
        context.put("streams", new ArrayList<>(self.get_streams().keySet()));
        context.put("stream->outputfields", outFields);
        context.put("stream->target->grouping", targets);
        context.put("source->stream->grouping", sources);
        context.put("source->stream->fields", sourceFields);
        write(a.positional.get(0), context);
        write(a.positional.get(1), a.project.conf(a.env(), t.conf, a.options));
        boolean spout = t.topology.get_spouts().containsKey(a.component);
        String[] command = Preflight.command(spout ? t.topology.get_spouts().get(a.component).get_spout_object()
                : t.topology.get_bolts().get(a.component).get_bolt_object());
        System.out.println(spout ? "spout" : "bolt");
        System.out.println(command == null ? "" : String.join("\t", command));
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stream(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.computeIfAbsent(key, k -> new TreeMap<String, Object>());
    }

    private static Map<String, Object> groupingJson(Grouping g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", g.is_set_fields() ? "FIELDS" : g.getSetField().name());
        if (g.is_set_fields()) {
            m.put("fields", g.get_fields());
        }
        return m;
    }

    private static void write(String file, Object value) throws Exception {
        try (Writer w = new OutputStreamWriter(new FileOutputStream(file), StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            json(sb, value);
            w.write(sb.append('\n').toString());
        }
    }

    private static void json(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                json(sb, String.valueOf(e.getKey()));
                sb.append(':');
                json(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<?>) v) {
                sb.append(first ? "" : ",");
                first = false;
                json(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            sb.append('"');
            for (char c : v.toString().toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
    }
}
