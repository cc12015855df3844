package stormcpp.storm;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import clojure.java.api.Clojure;
import org.apache.storm.Config;
import org.apache.storm.flux.FluxBuilder;
import org.apache.storm.flux.model.ExecutionContext;
import org.apache.storm.flux.model.TopologyDef;
import org.apache.storm.flux.parser.FluxParser;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.utils.Utils;

/**
 * Turns a topology spec into a {@link StormTopology} and its config.
 *
 * <ul>
 *   <li>{@code *.yaml} / {@code *.yml}: a Flux definition, built with Flux's own parser and builder;
 *   <li>{@code *.clj}: a Clojure file using the storm-clojure DSL whose last form evaluates to a
 *       StormTopology, or to a map {@code {:topology t :conf {...}}}.
 * </ul>
 *
 * A spec is read from the file system, or else from the classpath (e.g. {@code topologies/x.yaml}
 * inside the topology jar).
 */
public final class Specs {
    /** Component id of the verification sink that {@link #withSink} appends. */
    public static final String SINK_ID = "stormcpp-sink";

    private Specs() {}

    /** A built topology. */
    public static final class Loaded {
        public final String name;
        public final StormTopology topology;
        public final Map<String, Object> conf;

        Loaded(String name, StormTopology topology, Map<String, Object> conf) {
            this.name = name;
            this.topology = topology;
            this.conf = conf;
        }
    }

    public static Loaded load(String spec) throws Exception {
        String lower = spec.toLowerCase();
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return loadFlux(spec);
        }
        if (lower.endsWith(".clj")) {
            return loadClojure(spec);
        }
        throw new IllegalArgumentException("unknown spec kind (want .yaml/.yml or .clj): " + spec);
    }

    private static boolean isFile(String spec) {
        return new File(spec).isFile();
    }

    private static String resourceName(String spec) {
        return spec.startsWith("/") ? spec.substring(1) : spec;
    }

    private static Loaded loadFlux(String spec) throws Exception {
        // parseFile/parseResource take (name, dumpYaml, processIncludes, properties, envSubstitution);
        // the 4th parameter is a file name (String) in Flux 1.x and a Properties in 2.x: call it
        // reflectively with null so one source serves both.
        String method = isFile(spec) ? "parseFile" : "parseResource";
        String arg = isFile(spec) ? spec : "/" + resourceName(spec);
        TopologyDef def = null;
        for (Method m : FluxParser.class.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 5) {
                def = (TopologyDef) m.invoke(null, arg, false, true, null, false);
                break;
            }
        }
        if (def == null) {
            throw new IllegalStateException("this Flux has no FluxParser." + method + "(5 args)");
        }
        if (!def.validate()) {
            throw new IllegalArgumentException("invalid Flux topology: " + spec);
        }
        Config conf = FluxBuilder.buildConfig(def);
        ExecutionContext context = new ExecutionContext(def, conf);
        StormTopology topology = FluxBuilder.buildTopology(context);
        Map<String, Object> map = new HashMap<>();
        for (Map.Entry<?, ?> e : conf.entrySet()) {
            map.put(String.valueOf(e.getKey()), e.getValue());
        }
        return new Loaded(def.getName(), topology, map);
    }

    private static Loaded loadClojure(String spec) throws Exception {
        String source;
        if (isFile(spec)) {
            source = new String(java.nio.file.Files.readAllBytes(new File(spec).toPath()), StandardCharsets.UTF_8);
        } else {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            try (InputStream in = cl.getResourceAsStream(resourceName(spec))) {
                if (in == null) {
                    throw new IllegalArgumentException("no such file or classpath resource: " + spec);
                }
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
                source = new String(out.toByteArray(), StandardCharsets.UTF_8);
            }
        }
        Object result = Clojure.var("clojure.core", "load-string").invoke(source);
        StormTopology topology;
        Map<String, Object> conf = new HashMap<>();
        if (result instanceof StormTopology) {
            topology = (StormTopology) result;
        } else if (result instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) result;
            Object t = lookup(m, "topology");
            if (!(t instanceof StormTopology)) {
                throw new IllegalArgumentException(spec + ": map result has no :topology StormTopology");
            }
            topology = (StormTopology) t;
            Object c = lookup(m, "conf");
            if (c instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) c).entrySet()) {
                    conf.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
        } else {
            throw new IllegalArgumentException(spec + " evaluated to "
                    + (result == null ? "nil" : result.getClass().getName()) + ", not a StormTopology");
        }
        String name = new File(spec).getName().replaceFirst("\\.clj$", "");
        return new Loaded(name, topology, conf);
    }

    private static Object lookup(Map<?, ?> m, String key) {
        Object v = m.get(Clojure.read(":" + key));
        return v != null ? v : m.get(key);
    }

    /**
     * Appends {@link Sink} (parallelism 1, global grouping) reading {@code source}'s default stream.
     * The sink changes nothing upstream: it only observes what the last component emits.
     */
    public static void withSink(StormTopology topology, String source) {
        if (!topology.get_bolts().containsKey(source) && !topology.get_spouts().containsKey(source)) {
            throw new IllegalArgumentException("no component '" + source + "' to attach the sink to; components: "
                    + topology.get_spouts().keySet() + " " + topology.get_bolts().keySet());
        }
        Map<GlobalStreamId, Grouping> inputs = new HashMap<>();
        inputs.put(new GlobalStreamId(source, Utils.DEFAULT_STREAM_ID), Grouping.fields(new java.util.ArrayList<>()));
        ComponentCommon common = new ComponentCommon(inputs, new HashMap<String, StreamInfo>());
        common.set_parallelism_hint(1);
        topology.put_to_bolts(SINK_ID,
                new Bolt(ComponentObject.serialized_java(Utils.javaSerialize(new Sink())), common));
    }
}
