package stormcpp.tool;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import clojure.java.api.Clojure;
import org.apache.storm.Config;
import org.apache.storm.flux.FluxBuilder;
import org.apache.storm.flux.model.ExecutionContext;
import org.apache.storm.flux.model.TopologyDef;
import org.apache.storm.flux.parser.FluxParser;
import org.apache.storm.generated.StormTopology;

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
        throw new Project.Invalid(spec + ": unknown kind of spec: name a Flux .yaml/.yml or a Clojure .clj file");
    }

    private static boolean isFile(String spec) {
        return new File(spec).isFile();
    }

    private static String resourceName(String spec) {
        return spec.startsWith("/") ? spec.substring(1) : spec;
    }

    private static Loaded loadFlux(String spec) throws Exception {
        TopologyDef def = isFile(spec)
                ? FluxParser.parseFile(spec, false, true, null, false)
                : FluxParser.parseResource("/" + resourceName(spec), false, true, null, false);
        if (def == null) {
            throw new Project.Invalid(spec + ": no such file or classpath resource");
        }
        if (!def.validate()) {
            throw new Project.Invalid(spec + ": Flux finds this topology invalid (check its spouts, bolts and streams)");
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
                    throw new Project.Invalid(spec + ": no such file or classpath resource");
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
}
