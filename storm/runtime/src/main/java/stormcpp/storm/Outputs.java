package stormcpp.storm;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;

/** What a {@link CppSpout} or {@link CppBolt} declares to Storm: its output streams and its component config. */
final class Outputs implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String[]> streams = new LinkedHashMap<>();
    private final java.util.Set<String> direct = new java.util.HashSet<>();
    private final Map<String, Object> componentConfig = new HashMap<>();

    void stream(String stream, String[] fields) {
        streams.put(stream, fields);
        direct.remove(stream);
    }

    /** A stream whose tuples go to the task the component names (emitDirect, a direct grouping). */
    void directStream(String stream, String[] fields) {
        streams.put(stream, fields);
        direct.add(stream);
    }

    void config(String key, Object value) {
        componentConfig.put(key, value);
    }

    void declare(OutputFieldsDeclarer declarer) {
        for (Map.Entry<String, String[]> s : streams.entrySet()) {
            declarer.declareStream(s.getKey(), direct.contains(s.getKey()), new Fields(s.getValue()));
        }
    }

    Map<String, Object> componentConfiguration() {
        return componentConfig.isEmpty() ? null : componentConfig;
    }
}
