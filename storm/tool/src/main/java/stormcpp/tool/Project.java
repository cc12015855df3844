package stormcpp.tool;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;

/**
 * A project's {@code stormcpp.yaml}: what to build and ship, and the environments it runs in.
 *
 * <pre>
 * topology: demo              # topology name (default: the spec's own name)
 * spec: topology.yaml         # the spec run/submit/visualize use (Flux .yaml or Clojure .clj)
 * specs: []                   # more specs to put in the jar
 * executables: [demo]         # CMake targets whose binaries go under the jar's resources/
 * build_dir: build            # the CMake build directory
 * storm_version: 2.8.3
 * options: {}                 # topology config for every environment
 * envs:
 *   local: {}                 # stormcpp run (the default environment of run)
 *   dev: {dev_cluster: true}  # the `stormcpp cluster` on this machine (default of submit & co.)
 *   prod: {nimbus: "nimbus.example.com:6627", workers: 4, options: {topology.max.spout.pending: 2000}}
 * </pre>
 *
 * Topology config precedence, lowest first: {@code options}, the environment's {@code workers}
 * and {@code options}, the spec's own config, {@code -o key=value} on the command line.
 */
final class Project {
    private static final List<String> TOP_KEYS =
            Arrays.asList("topology", "spec", "specs", "executables", "build_dir", "storm_version", "options", "envs");
    private static final List<String> ENV_KEYS = Arrays.asList("nimbus", "dev_cluster", "workers", "options");

    final String file;
    final String topology;
    final String spec;
    final List<String> specs;
    final List<String> executables;
    final String buildDir;
    final String stormVersion;
    final Map<String, Object> options;
    final Map<String, Env> envs = new LinkedHashMap<>();

    /** One environment. */
    static final class Env {
        final String name;
        String nimbusHost;
        int nimbusPort = 6627;
        boolean devCluster;
        Integer workers;
        Map<String, Object> options = new LinkedHashMap<>();

        Env(String name) {
            this.name = name;
        }
    }

    /** A config or spec that cannot be used: a one-line message naming the problem and the fix. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** An empty project (no stormcpp.yaml): everything from the command line. */
    Project() {
        file = null;
        topology = null;
        spec = null;
        specs = new ArrayList<>();
        executables = new ArrayList<>();
        buildDir = "build";
        stormVersion = null;
        options = new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    Project(String file) {
        this.file = file;
        Object root;
        try (InputStream in = new FileInputStream(file)) {
            root = new Yaml().load(in);
        } catch (java.io.IOException e) {
            throw new Invalid(file + ": cannot read it (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new Invalid(file + ": not valid YAML: " + oneLine(e.getMessage()));
        }
        if (root == null) {
            root = new LinkedHashMap<String, Object>();
        }
        if (!(root instanceof Map)) {
            throw new Invalid(file + ": the top level must be a mapping of keys (" + String.join(", ", TOP_KEYS) + ")");
        }
        Map<String, Object> m = (Map<String, Object>) root;
        checkKeys(m, TOP_KEYS, "");
        topology = string(m, "topology", "");
        spec = string(m, "spec", "");
        specs = strings(m, "specs", "");
        executables = strings(m, "executables", "");
        buildDir = m.containsKey("build_dir") ? string(m, "build_dir", "") : "build";
        stormVersion = m.containsKey("storm_version") ? String.valueOf(m.get("storm_version")) : null;
        options = map(m, "options", "");
        Map<String, Object> e = map(m, "envs", "");
        for (Map.Entry<String, Object> entry : e.entrySet()) {
            String where = "envs." + entry.getKey() + ".";
            if (!(entry.getValue() instanceof Map)) {
                throw new Invalid(file + ": " + where.substring(0, where.length() - 1) + " must be a mapping ("
                        + String.join(", ", ENV_KEYS) + ")");
            }
            Map<String, Object> em = (Map<String, Object>) entry.getValue();
            checkKeys(em, ENV_KEYS, where);
            Env env = new Env(entry.getKey());
            if (em.containsKey("nimbus")) {
                setNimbus(env, string(em, "nimbus", where), where);
            }
            if (em.containsKey("dev_cluster")) {
                Object v = em.get("dev_cluster");
                if (!(v instanceof Boolean)) {
                    throw new Invalid(file + ": " + where + "dev_cluster must be true or false, not " + v);
                }
                env.devCluster = (Boolean) v;
            }
            if (env.devCluster && env.nimbusHost != null) {
                throw new Invalid(file + ": " + where + "has both nimbus and dev_cluster: keep one");
            }
            if (em.containsKey("workers")) {
                Object v = em.get("workers");
                if (!(v instanceof Integer) || (Integer) v < 1) {
                    throw new Invalid(file + ": " + where + "workers must be a positive integer, not " + v);
                }
                env.workers = (Integer) v;
            }
            env.options = map(em, "options", where);
            envs.put(env.name, env);
        }
    }

    /** The environment NAME; a clear error naming the known ones if there is none. */
    Env env(String name) {
        Env env = envs.get(name);
        if (env == null) {
            if (name.equals("local") || name.equals("dev")) {
                // defaults that need no config: local mode, and the dev cluster on this machine
                env = new Env(name);
                env.devCluster = name.equals("dev");
                return env;
            }
            throw new Invalid((file != null ? file : "stormcpp.yaml") + ": no environment '" + name + "' (envs: "
                    + (envs.isEmpty() ? "none" : String.join(", ", envs.keySet())) + "): add it under envs:");
        }
        return env;
    }

    /** The topology config for a run: options < env < spec < command line. */
    Map<String, Object> conf(Env env, Map<String, Object> spec, Map<String, Object> commandLine) {
        Map<String, Object> conf = new LinkedHashMap<>(options);
        if (env != null) {
            if (env.workers != null) {
                conf.put("topology.workers", env.workers);
            }
            conf.putAll(env.options);
        }
        conf.putAll(spec);
        conf.putAll(commandLine);
        return conf;
    }

    static void setNimbus(Env env, String hostPort, String where) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.isEmpty()) {
            throw new Invalid(where + "nimbus: '" + hostPort + "' names no host (want HOST or HOST:PORT)");
        }
        env.nimbusHost = host;
        if (colon >= 0) {
            try {
                env.nimbusPort = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Invalid(where + "nimbus: '" + hostPort + "' has no valid port (want HOST:PORT)");
            }
        }
    }

    /** Parses {@code key=value}; the value is typed as YAML types it (42, 1.5, true, [a, b]). */
    static void putOption(Map<String, Object> into, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new Invalid("-o " + keyValue + ": want KEY=VALUE, e.g. -o topology.workers=2");
        }
        String value = keyValue.substring(eq + 1);
        Object typed;
        try {
            typed = value.isEmpty() ? "" : new Yaml().load(value);
        } catch (RuntimeException e) {
            typed = value;
        }
        into.put(keyValue.substring(0, eq), typed);
    }

    private void checkKeys(Map<String, Object> m, List<String> known, String where) {
        for (String key : new TreeSet<>(m.keySet())) {
            if (!known.contains(key)) {
                throw new Invalid(file + ": unknown key '" + where + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private String string(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new Invalid(file + ": " + where + key + " must be a single value, not " + v);
        }
        return String.valueOf(v);
    }

    private List<String> strings(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List)) {
            throw new Invalid(file + ": " + where + key + " must be a list, e.g. " + key + ": [a, b]");
        }
        for (Object o : (List<?>) v) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return new LinkedHashMap<>();
        }
        if (!(v instanceof Map)) {
            throw new Invalid(file + ": " + where + key + " must be a mapping of keys to values");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    /** Whether {@code file} exists (the config is optional). */
    static boolean exists(String file) {
        return file != null && new File(file).isFile();
    }
}
