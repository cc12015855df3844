package stormcpp.tool;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.utils.Utils;

/**
 * Before a topology goes to Storm: every shell component's command is started once, in the
 * folder that becomes the jar's {@code resources/}, with no input. A stormcpp executable that
 * does not host the named component answers {@code [stormcpp.usage]} and exit 2; a missing
 * executable cannot start at all. Either is a clear error here instead of a dead worker later.
 * (With stdin at EOF a stormcpp component exits 0 at once; other adapters are left alone.)
 * Then Storm's Kafka spouts and bolts are checked against their brokers ({@link KafkaPreflight}).
 */
final class Preflight {
    private Preflight() {}

    /** {@code local}: for Storm's local mode (else a submit to a cluster). */
    static void check(StormTopology topology, String resources, boolean local) throws Exception {
        Map<String, ComponentObject> objects = new LinkedHashMap<>();
        topology.get_spouts().forEach((id, s) -> objects.put(id, s.get_spout_object()));
        topology.get_bolts().forEach((id, b) -> objects.put(id, b.get_bolt_object()));
        Map<String, Object> components = new LinkedHashMap<>();
        for (Map.Entry<String, ComponentObject> e : objects.entrySet()) {
            if (e.getValue().is_set_serialized_java()) {
                components.put(e.getKey(), Utils.javaDeserialize(e.getValue().get_serialized_java(), Object.class));
            }
        }
        for (Map.Entry<String, Object> e : components.entrySet()) {
            String[] command = command(e.getValue());
            if (command != null) {
                start(e.getKey(), command, new File(resources));
            }
        }
        KafkaPreflight.check(components, local);
    }

    /** The command of a shell component (ShellBolt / ShellSpout and subclasses), else null. */
    static String[] command(ComponentObject object) {
        return object.is_set_serialized_java()
                ? command(Utils.javaDeserialize(object.get_serialized_java(), Object.class)) : null;
    }

    private static String[] command(Object component) {
        Class<?> shell = component instanceof ShellBolt ? ShellBolt.class
                : component instanceof ShellSpout ? ShellSpout.class : null;
        if (shell == null) {
            return null;
        }
        try {
            Field f = shell.getDeclaredField("command");
            f.setAccessible(true);
            return (String[]) f.get(component);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another Storm's ShellBolt: nothing to check
        }
    }

    private static void start(String id, String[] command, File dir) throws Exception {
        String shown = String.join(" ", command);
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new Project.Invalid("component '" + id + "': cannot start `" + shown + "` in the jar's resources/ ("
                    + e.getMessage() + "): list its executable under executables: in stormcpp.yaml");
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return; // it waits for input: not a stormcpp executable, nothing to say
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() == 2 && err.contains("[stormcpp.usage]")) {
            String usage = err.substring(err.indexOf("[stormcpp.usage]") + "[stormcpp.usage]".length()).trim();
            throw new Project.Invalid("component '" + id + "': `" + shown + "` names a component its executable does not have: "
                    + Project.oneLine(usage) + " (fix the component name in the spec, or register it in main())");
        }
        if (p.exitValue() == 126 || p.exitValue() == 127) {
            throw new Project.Invalid("component '" + id + "': `" + shown + "` cannot run in the jar's resources/ ("
                    + Project.oneLine(err) + "): list its executable under executables: in stormcpp.yaml");
        }
    }
}
