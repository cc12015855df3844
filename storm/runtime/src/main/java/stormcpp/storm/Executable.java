package stormcpp.storm;

import java.io.File;

import org.apache.storm.task.TopologyContext;

/**
 * The executable a {@link CppBolt} or {@link CppSpout} starts: a file shipped under the topology
 * jar's {@code resources/} folder, which Storm extracts as the subprocess's working directory. A
 * jar keeps no file modes (STORM-152), so the run bit is restored here, in the worker, just before
 * Storm starts the process.
 */
final class Executable {
    private Executable() {}

    /** The command Storm runs: {@code ./EXECUTABLE COMPONENT}. */
    static String[] command(String executable, String component) {
        if (executable == null || executable.isEmpty() || executable.contains("/")) {
            throw new IllegalArgumentException("[stormcpp.glue.executable] '" + executable
                    + "' is not a file name: name an executable shipped under the topology jar's resources/");
        }
        if (component == null || component.isEmpty()) {
            throw new IllegalArgumentException("[stormcpp.glue.component] no component name given for executable '"
                    + executable + "': the second constructor argument names the component inside it");
        }
        return new String[] {"./" + executable, component};
    }

    /** Checks that the executable is there and makes it runnable; a clear error otherwise. */
    static void prepare(TopologyContext context, String executable, String componentId) {
        File dir = new File(context.getCodeDir());
        File file = new File(dir, executable);
        if (!file.isFile()) {
            throw new IllegalStateException("[stormcpp.glue.missing_executable] component '" + componentId
                    + "': no executable '" + executable + "' in the topology's resources (" + dir
                    + "): package it into the jar (stormcpp jar, or stormcpp_add_topology_jar EXECUTABLES)");
        }
        if (!file.canExecute() && !file.setExecutable(true, false)) {
            throw new IllegalStateException("[stormcpp.glue.not_executable] component '" + componentId
                    + "': cannot set the run bit of " + file);
        }
    }
}
