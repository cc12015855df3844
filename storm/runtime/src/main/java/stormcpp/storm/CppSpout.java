package stormcpp.storm;

import java.util.Map;

import org.apache.storm.spout.ShellSpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.utils.Utils;

/**
 * A spout run by a stormcpp executable shipped in the topology jar. In a Flux spec:
 *
 * <pre>
 * - id: "events"
 *   className: "stormcpp.storm.CppSpout"
 *   constructorArgs: ["myproject", "events", ["event"]]   # executable, component, fields
 * </pre>
 *
 * See {@link CppBolt} for the executable and the optional config methods.
 */
public class CppSpout extends ShellSpout implements IRichSpout {
    private static final long serialVersionUID = 1L;

    private final String executable;
    private final Outputs outputs = new Outputs();

    /** A spout emitting {@code fields} on the default stream. */
    public CppSpout(String executable, String component, String[] fields) {
        super(Executable.command(executable, component));
        this.executable = executable;
        outputs.stream(Utils.DEFAULT_STREAM_ID, fields);
    }

    /** Declares another output stream. Returns this, for Java and Clojure specs. */
    public CppSpout setNamedStream(String stream, String[] fields) {
        outputs.stream(stream, fields);
        return this;
    }

    /**
     * Declares a direct stream: its tuples go to the task the component names ({@code emit_direct}),
     * and its consumers subscribe with a direct grouping. Returns this, for Java and Clojure specs.
     */
    public CppSpout setDirectStream(String stream, String[] fields) {
        outputs.directStream(stream, fields);
        return this;
    }

    /** Adds a key to this component's config. */
    public CppSpout addComponentConfig(String key, Object value) {
        outputs.config(key, value);
        return this;
    }

    @Override
    public void open(Map<String, Object> topoConf, TopologyContext context, SpoutOutputCollector collector) {
        Executable.prepare(context, executable, context.getThisComponentId());
        super.open(ComponentMetrics.register(context, topoConf), context, collector);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        outputs.declare(declarer);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return outputs.componentConfiguration();
    }
}
