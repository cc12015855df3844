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
 *
 * <p>The process runs under {@link SpoutProcess}, which speaks the protocol as Storm's ShellSpout
 * does without a round trip per command; {@code stormcpp.spout.engine: shellspout} (topology or
 * component config) runs it under Storm's ShellSpout instead.
 */
public class CppSpout extends ShellSpout implements IRichSpout {
    private static final long serialVersionUID = 1L;

    /** Which Java side runs the process: {@code stormcpp} (SpoutProcess) or {@code shellspout} (Storm's ShellSpout). */
    public static final String ENGINE = "stormcpp.spout.engine";

    private final String executable;
    private final String component;
    private final Outputs outputs = new Outputs();
    private transient SpoutProcess process;

    /** A spout emitting {@code fields} on the default stream. */
    public CppSpout(String executable, String component, String[] fields) {
        super(Executable.command(executable, component));
        this.executable = executable;
        this.component = component;
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
        Object engine = topoConf.getOrDefault(ENGINE, "stormcpp");
        if (!"stormcpp".equals(engine) && !"shellspout".equals(engine)) {
            throw new IllegalArgumentException("[stormcpp.glue.spout_engine] component '" + context.getThisComponentId()
                    + "': " + ENGINE + " is '" + engine + "': set it to stormcpp (the default) or shellspout");
        }
        Map<String, Object> conf = ComponentMetrics.register(context, topoConf);
        if ("shellspout".equals(engine)) {
            super.open(conf, context, collector);
        } else {
            process = new SpoutProcess(Executable.command(executable, component), conf, context, collector);
        }
    }

    @Override
    public void nextTuple() {
        if (process != null) process.nextTuple(); else super.nextTuple();
    }

    @Override
    public void ack(Object msgId) {
        if (process != null) process.ack(msgId); else super.ack(msgId);
    }

    @Override
    public void fail(Object msgId) {
        if (process != null) process.fail(msgId); else super.fail(msgId);
    }

    @Override
    public void activate() {
        if (process != null) process.activate(); else super.activate();
    }

    @Override
    public void deactivate() {
        if (process != null) process.deactivate(); else super.deactivate();
    }

    @Override
    public void close() {
        if (process != null) process.close(); else super.close();
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
