package stormcpp.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import org.apache.storm.task.TopologyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What CppSpout checks before it starts anything. */
class CppSpoutTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownEngineIsAOneLineErrorNamingTheKeyAndTheValuesItTakes() throws Exception {
        Files.createFile(dir.resolve("my_components"));
        Map<Integer, String> taskToComponent = new HashMap<>();
        taskToComponent.put(1, "events");
        TopologyContext context = new TopologyContext(null, new HashMap<>(), taskToComponent, new HashMap<>(),
                new HashMap<>(), new HashMap<>(), "t-1", dir.toString(), dir.toString(), 1, 6700, new ArrayList<>(),
                new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), null, null);
        Map<String, Object> conf = new HashMap<>();
        conf.put(CppSpout.ENGINE, "shellbolt");
        CppSpout spout = new CppSpout("my_components", "events", new String[] {"event"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spout.open(conf, context, null));
        assertEquals("[stormcpp.glue.spout_engine] component 'events': stormcpp.spout.engine is 'shellbolt':"
                + " set it to stormcpp (the default) or shellspout", e.getMessage());
    }
}
