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

/** CppSpout's and CppBolt's engine keys, checked before anything starts. */
class EngineKeyTest {
    @TempDir
    Path dir;

    private TopologyContext context(String component) throws Exception {
        Files.createFile(dir.resolve("my_components"));
        Map<Integer, String> taskToComponent = new HashMap<>();
        taskToComponent.put(1, component);
        return new TopologyContext(null, new HashMap<>(), taskToComponent, new HashMap<>(), new HashMap<>(),
                new HashMap<>(), "t-1", dir.toString(), dir.toString(), 1, 6700, new ArrayList<>(), new HashMap<>(),
                new HashMap<>(), new HashMap<>(), new HashMap<>(), null, null);
    }

    @Test
    void anUnknownBoltEngineIsAOneLineErrorNamingTheKeyAndTheValuesItTakes() throws Exception {
        TopologyContext context = context("split");
        Map<String, Object> conf = Map.of(CppBolt.ENGINE, "shell");
        CppBolt bolt = new CppBolt("my_components", "split", new String[] {"word"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bolt.prepare(conf, context, null));
        assertEquals("[stormcpp.glue.bolt_engine] component 'split': stormcpp.bolt.engine is 'shell':"
                + " set it to stormcpp (the default) or shellbolt", e.getMessage());
    }

    @Test
    void anUnknownSpoutEngineIsAOneLineErrorNamingTheKeyAndTheValuesItTakes() throws Exception {
        TopologyContext context = context("events");
        Map<String, Object> conf = Map.of(CppSpout.ENGINE, "shellbolt");
        CppSpout spout = new CppSpout("my_components", "events", new String[] {"event"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spout.open(conf, context, null));
        assertEquals("[stormcpp.glue.spout_engine] component 'events': stormcpp.spout.engine is 'shellbolt':"
                + " set it to stormcpp (the default) or shellspout", e.getMessage());
    }
}
