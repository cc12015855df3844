package stormcpp.storm;

import java.util.Map;

import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.Utils;

/**
 * A bolt run by a stormcpp executable shipped in the topology jar. In a Flux spec:
 *
 * <pre>
 * - id: "parse"
 *   className: "stormcpp.storm.CppBolt"
 *   constructorArgs: ["myproject", "parse", ["url", "referrer"]]   # executable, component, fields
 *   configMethods:                                                   # optional
 *     - name: "setNamedStream"
 *       args: ["errors", ["event", "reason"]]
 * </pre>
 *
 * Storm starts {@code ./myproject parse} in the jar's {@code resources/}; the run bit the jar
 * lost is restored first, so specs need no {@code sh -c "chmod +x ..."}. The component's own
 * metrics (counters, gauges, timers) reach Storm's metrics consumers through
 * {@link ComponentMetrics}.
 *
 * <p>The process runs under {@link BoltProcess}, which speaks the protocol as Storm's ShellBolt
 * does with one thread hand-off less per tuple; {@code stormcpp.bolt.engine: shellbolt} (topology
 * or component config) runs it under Storm's ShellBolt instead.
 */
public class CppBolt extends ShellBolt implements IRichBolt {
    private static final long serialVersionUID = 1L;

    /** Which Java side runs the process: {@code stormcpp} (BoltProcess) or {@code shellbolt} (Storm's ShellBolt). */
    public static final String ENGINE = "stormcpp.bolt.engine";

    private final String executable;
    private final String component;
    private final Outputs outputs = new Outputs();
    private transient BoltProcess process;

    /** A bolt with no output stream (a sink). */
    public CppBolt(String executable, String component) {
        super(Executable.command(executable, component));
        this.executable = executable;
        this.component = component;
    }

    /** A bolt emitting {@code fields} on the default stream. */
    public CppBolt(String executable, String component, String[] fields) {
        this(executable, component);
        outputs.stream(Utils.DEFAULT_STREAM_ID, fields);
    }

    /** Declares another output stream. Returns this, for Java and Clojure specs. */
    public CppBolt setNamedStream(String stream, String[] fields) {
        outputs.stream(stream, fields);
        return this;
    }

    /**
     * Declares a direct stream: its tuples go to the task the component names ({@code emit_direct}),
     * and its consumers subscribe with a direct grouping. Returns this, for Java and Clojure specs.
     */
    public CppBolt setDirectStream(String stream, String[] fields) {
        outputs.directStream(stream, fields);
        return this;
    }

    /** Adds a key to this component's config (for example topology.tick.tuple.freq.secs). */
    public CppBolt addComponentConfig(String key, Object value) {
        outputs.config(key, value);
        return this;
    }

    @Override
    public void prepare(Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
        Executable.prepare(context, executable, context.getThisComponentId());
        Object engine = topoConf.getOrDefault(ENGINE, "stormcpp");
        if (!"stormcpp".equals(engine) && !"shellbolt".equals(engine)) {
            throw new IllegalArgumentException("[stormcpp.glue.bolt_engine] component '" + context.getThisComponentId()
                    + "': " + ENGINE + " is '" + engine + "': set it to stormcpp (the default) or shellbolt");
        }
        Map<String, Object> conf = ComponentMetrics.register(context, topoConf);
        if ("shellbolt".equals(engine)) {
            super.prepare(conf, context, collector);
            MsgpackSerializer.watchBacklog(this);
        } else {
            process = new BoltProcess(Executable.command(executable, component), conf, context, collector);
        }
    }

    @Override
    public void execute(Tuple input) {
        if (process != null) process.execute(input); else super.execute(input);
    }

    @Override
    public void cleanup() {
        if (process != null) process.cleanup(); else super.cleanup();
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
