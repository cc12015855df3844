package stormcpp.tool;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Before a topology with Storm's Kafka spout or Kafka bolt goes to Storm: their brokers are asked,
 * with Kafka's own admin client, for the topics they have. Left to Storm, a spout whose brokers are
 * unreachable or whose topic does not exist reads nothing and says so only in a worker log's
 * warnings, and a Kafka bolt whose topic is missing blocks, fails its tuples and has them replayed
 * without end. Here each is a one-line error: the brokers unreachable, exit 4 (for a local run; a
 * submit only warns, since a cluster's workers may reach brokers this machine cannot); a topic
 * missing, exit 3 (for a bolt only when the broker does not create topics on first use).
 *
 * <p>The tool is built without Kafka: the classes come from the topology jar (storm-kafka-client and
 * kafka-clients, which tools/package-topology adds when a spec names them), hence reflection. Only
 * public methods of those classes are called, and the two private fields read (the spout's config,
 * the bolt's producer properties and topic selector) are found by their type.
 */
final class KafkaPreflight {
    private static final long TIMEOUT_SECONDS = 10;

    private KafkaPreflight() {}

    /** What one component needs of one cluster of brokers. */
    private static final class Use {
        final String component;
        final boolean spout;
        final Properties admin;
        final List<String> topics;

        Use(String component, boolean spout, Properties admin, List<String> topics) {
            this.component = component;
            this.spout = spout;
            this.admin = admin;
            this.topics = topics;
        }

        String brokers() {
            return admin.getProperty("bootstrap.servers");
        }
    }

    static void check(Map<String, Object> components, boolean local) throws Exception {
        List<Use> uses = new ArrayList<>();
        for (Map.Entry<String, Object> e : components.entrySet()) {
            Use use = use(e.getKey(), e.getValue());
            if (use != null && use.brokers() != null) {
                uses.add(use);
            }
        }
        Map<String, Set<String>> topicsOf = new LinkedHashMap<>();
        for (Use use : uses) {
            if (!topicsOf.containsKey(use.brokers())) {
                topicsOf.put(use.brokers(), topics(use, local));
            }
        }
        for (Use use : uses) {
            Set<String> existing = topicsOf.get(use.brokers());
            if (existing == null) {
                continue; // unreachable from here, and only warned about
            }
            for (String topic : use.topics) {
                if (existing.contains(topic)) {
                    continue;
                }
                if (!use.spout && createsTopics(use)) {
                    continue;
                }
                throw new Project.Invalid((use.spout ? "spout '" : "bolt '") + use.component + "' "
                        + (use.spout ? "reads" : "writes") + " Kafka topic '" + topic + "', which the brokers at "
                        + use.brokers() + " do not have (create it: stormcpp kafka topic " + topic
                        + " on the dev broker, kafka-topics.sh --create elsewhere)");
            }
        }
    }

    /** The brokers and topics of Storm's KafkaSpout or KafkaBolt, else null. */
    private static Use use(String id, Object component) throws Exception {
        String cls = component.getClass().getName();
        if (cls.equals("org.apache.storm.kafka.spout.KafkaSpout")) {
            Object config = fieldOfType(component, "org.apache.storm.kafka.spout.KafkaSpoutConfig");
            if (config == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) call(config, "getKafkaProps");
            Object filter = call(config, "getTopicFilter");
            List<String> topics = new ArrayList<>();
            if (filter.getClass().getName().endsWith(".NamedTopicFilter")) {
                for (String t : ((String) call(filter, "getTopicsString")).split(",")) {
                    if (!t.trim().isEmpty()) {
                        topics.add(t.trim());
                    }
                }
            } // a pattern subscribes to what matches: only the brokers are checked
            return new Use(id, true, adminProps(props), topics);
        }
        if (cls.equals("org.apache.storm.kafka.bolt.KafkaBolt")) {
            Properties props = (Properties) fieldOfType(component, "java.util.Properties");
            Object selector = fieldOfType(component, "org.apache.storm.kafka.bolt.selector.KafkaTopicSelector");
            if (props == null) {
                return null;
            }
            List<String> topics = new ArrayList<>();
            if (selector != null && selector.getClass().getName().endsWith(".DefaultTopicSelector")) {
                // it names one topic whatever the tuple
                Method m = selector.getClass().getMethod("getTopic", Class.forName(
                        "org.apache.storm.tuple.Tuple", false, selector.getClass().getClassLoader()));
                topics.add((String) m.invoke(selector, new Object[] {null}));
            }
            Map<String, Object> map = new LinkedHashMap<>();
            props.forEach((k, v) -> map.put(String.valueOf(k), v));
            return new Use(id, false, adminProps(map), topics);
        }
        return null;
    }

    /** The settings that say how to reach and authenticate to the brokers, and short timeouts. */
    private static Properties adminProps(Map<String, Object> client) {
        Properties p = new Properties();
        client.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.equals("client.dns.lookup") || k.startsWith("security.")
                    || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                p.put(k, v instanceof List ? String.join(",", toStrings((List<?>) v)) : String.valueOf(v));
            }
        });
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", String.valueOf(TIMEOUT_SECONDS * 1000));
        p.put("client.id", "stormcpp-preflight");
        return p;
    }

    private static List<String> toStrings(List<?> list) {
        List<String> out = new ArrayList<>();
        list.forEach(o -> out.add(String.valueOf(o)));
        return out;
    }

    /** The topics of the brokers, or null (warned) when a submit cannot reach them. */
    private static Set<String> topics(Use use, boolean local) throws Exception {
        Object admin = admin(use);
        try {
            Object names = call(call(admin, "listTopics"), "names");
            @SuppressWarnings("unchecked")
            Set<String> topics = (Set<String>) get(names);
            return topics;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            String what = (use.spout ? "spout '" : "bolt '") + use.component + "': no answer from its Kafka brokers at "
                    + use.brokers() + " in " + TIMEOUT_SECONDS + " s";
            if (local) {
                throw new Main.Exit(Main.UNREACHABLE, "[stormcpp.kafka_unreachable] " + what
                        + " (is the broker up? stormcpp kafka up starts the dev one; else fix bootstrap.servers in the spec)");
            }
            System.err.println("stormcpp: warning: " + what + " from this machine; not checked (the cluster's workers may reach them)");
            return null;
        } finally {
            call(admin, "close", new Class<?>[] {Duration.class}, Duration.ofSeconds(1));
        }
    }

    /** Whether a broker creates a topic when a producer first writes to it (auto.create.topics.enable). */
    private static boolean createsTopics(Use use) throws Exception {
        Object admin = admin(use);
        try {
            ClassLoader loader = admin.getClass().getClassLoader();
            Collection<?> nodes = (Collection<?>) get(call(call(admin, "describeCluster"), "nodes"));
            if (nodes.isEmpty()) {
                return false;
            }
            Class<?> type = Class.forName("org.apache.kafka.common.config.ConfigResource$Type", true, loader);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object broker = Enum.valueOf((Class<Enum>) type, "BROKER");
            Object resource = Class.forName("org.apache.kafka.common.config.ConfigResource", true, loader)
                    .getConstructor(type, String.class).newInstance(broker, call(nodes.iterator().next(), "idString"));
            Map<?, ?> configs = (Map<?, ?>) get(call(call(admin, "describeConfigs", new Class<?>[] {Collection.class},
                    List.of(resource)), "all"));
            Object entry = call(configs.get(resource), "get", new Class<?>[] {String.class}, "auto.create.topics.enable");
            return entry != null && "true".equals(call(entry, "value"));
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } finally {
            call(admin, "close", new Class<?>[] {Duration.class}, Duration.ofSeconds(1));
        }
    }

    private static Object admin(Use use) throws Exception {
        Class<?> admin = Class.forName("org.apache.kafka.clients.admin.Admin", true,
                Thread.currentThread().getContextClassLoader());
        return admin.getMethod("create", Properties.class).invoke(null, use.admin);
    }

    /** KafkaFuture.get with the timeout; its failures unwrapped. */
    private static Object get(Object future) throws Exception {
        return call(future, "get", new Class<?>[] {long.class, TimeUnit.class}, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static Object call(Object target, String method) throws Exception {
        return call(target, method, new Class<?>[0]);
    }

    /** A public method, through the public interface or class that declares it; failures unwrapped. */
    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = publicMethod(target.getClass(), method, types);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ? (Exception) cause : e;
        }
    }

    private static Method publicMethod(Class<?> c, String name, Class<?>[] types) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (java.lang.reflect.Modifier.isPublic(k.getModifiers())) {
                try {
                    return k.getMethod(name, types);
                } catch (NoSuchMethodException e) {
                    // look further up
                }
            }
            for (Class<?> i : k.getInterfaces()) {
                try {
                    return i.getMethod(name, types);
                } catch (NoSuchMethodException e) {
                    // look further
                }
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name);
    }

    private static Object fieldOfType(Object o, String type) throws IllegalAccessException {
        for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getType().getName().equals(type)) {
                    f.setAccessible(true);
                    return f.get(o);
                }
            }
        }
        return null;
    }
}
