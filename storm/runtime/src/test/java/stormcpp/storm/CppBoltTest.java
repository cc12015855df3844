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

/** What CppBolt checks before it starts anything. */
class CppBoltTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownEngineIsAOneLineErrorNamingTheKeyAndTheValuesItTakes() throws Exception {
        Files.createFile(dir.resolve("my_components"));
        Map<Integer, String> taskToComponent = new HashMap<>();
        taskToComponent.put(1, "split");
        TopologyContext context = new TopologyContext(null, new HashMap<>(), taskToComponent, new HashMap<>(),
                new HashMap<>(), new HashMap<>(), "t-1", dir.toString(), dir.toString(), 1, 6700, new ArrayList<>(),
                new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), null, null);
        Map<String, Object> conf = new HashMap<>();
        conf.put(CppBolt.ENGINE, "shell");
        CppBolt bolt = new CppBolt("my_components", "split", new String[] {"word"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bolt.prepare(conf, context, null));
        assertEquals("[stormcpp.glue.bolt_engine] component 'split': stormcpp.bolt.engine is 'shell':"
                + " set it to stormcpp (the default) or shellbolt", e.getMessage());
    }
}
