package stormcpp.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.storm.task.IOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.Tuple;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * BoltProcess against a real subprocess: a small Python component speaking Storm's JSON protocol
 * (with either serializer it gets JSON: it offers no other wire), and a collector that records.
 */
class BoltProcessTest {
    /**
     * Storm's JSON protocol in Python for the test components (BoltProcessTest, SpoutProcessTest):
     * read() a message, send() one, task_ids() reads until a task-id list, keeping what came first.
     */
    static final String PROTOCOL = String.join("\n",
            "import json, os, sys, time",
            "def read():",
            "    lines = []",
            "    while True:",
            "        line = sys.stdin.readline()",
            "        if not line: sys.exit(0)",
            "        if line.rstrip('\\n') == 'end': return json.loads('\\n'.join(lines))",
            "        lines.append(line)",
            "def send(m):",
            "    sys.stdout.write(json.dumps(m) + '\\nend\\n'); sys.stdout.flush()",
            "waiting = []  # what came while the component waited for task ids",
            "def task_ids():",
            "    while True:",
            "        m = read()",
            "        if isinstance(m, list): return m",
            "        waiting.append(m)",
            "");

    /**
     * For each tuple: an emit anchored on it (asking for task ids), then the task ids it got back
     * as an unanchored emit, then the ack. "die" ends the process; "stall" stops it answering
     * anything, heartbeats included.
     */
    private static final String COMPONENT = PROTOCOL + String.join("\n",
            "read()",
            "send({'pid': os.getpid()})",
            "while True:",
            "    m = waiting.pop(0) if waiting else read()",
            "    if m['stream'] == '__heartbeat':",
            "        send({'command': 'sync'}); continue",
            "    v = m['tuple'][0]",
            "    if v == 'die': sys.exit(3)",
            "    if v == 'stall': time.sleep(60)",
            "    send({'command': 'emit', 'anchors': [m['id']], 'tuple': [v + '!']})",
            "    send({'command': 'emit', 'tuple': [task_ids()], 'need_task_ids': False})",
            "    send({'command': 'ack', 'id': m['id']})",
            "");

    @TempDir
    Path dir;

    /** What the bolt handed to Storm. */
    static final class Recorder implements IOutputCollector {
        final List<List<Object>> emitted = new ArrayList<>();
        final List<List<Tuple>> anchors = new ArrayList<>();
        final List<Tuple> acked = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public synchronized List<Integer> emit(String stream, Collection<Tuple> anchorTuples, List<Object> values) {
            emitted.add(values);
            anchors.add(new ArrayList<>(anchorTuples));
            return List.of(7, 9);
        }

        @Override
        public void emitDirect(int task, String stream, Collection<Tuple> anchorTuples, List<Object> values) {
            throw new AssertionError("no direct emit here");
        }

        @Override
        public synchronized void ack(Tuple input) {
            acked.add(input);
        }

        @Override
        public void fail(Tuple input) {
            throw new AssertionError("nothing fails here");
        }

        @Override
        public void resetTimeout(Tuple input) {}

        @Override
        public void flush() {}

        @Override
        public synchronized void reportError(Throwable error) {
            errors.add(error);
        }
    }

    static Tuple tuple(Object value) {
        return (Tuple) Proxy.newProxyInstance(Tuple.class.getClassLoader(), new Class<?>[] {Tuple.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "getSourceComponent": return "source";
                case "getSourceStreamId": return "default";
                case "getSourceTask": return 4;
                case "getValues": return List.of(value);
                case "toString": return "tuple(" + value + ")";
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == args[0];
                default: throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    private BoltProcess start(Recorder recorder, String serializer, int timeoutSecs) throws IOException {
        Files.writeString(dir.resolve("component.py"), COMPONENT, StandardCharsets.UTF_8);
        Map<String, Object> conf = new HashMap<>();
        conf.put("topology.multilang.serializer", serializer);
        conf.put("topology.subprocess.timeout.secs", timeoutSecs);
        conf.put("storm.cluster.mode", "local");
        return new BoltProcess(new String[] {"python3", "component.py"}, conf, context(dir, conf, "echo"),
                new OutputCollector(recorder));
    }

    /** Task 1 of {@code component}, with its code and resources in {@code dir}. */
    static TopologyContext context(Path dir, Map<String, Object> conf, String component) {
        Map<Integer, String> taskToComponent = new HashMap<>();
        taskToComponent.put(1, component);
        return new TopologyContext(null, conf, taskToComponent, new HashMap<>(), new HashMap<>(), new HashMap<>(), "t-1",
                dir.toString(), dir.toString(), 1, 6700, new ArrayList<>(), new HashMap<>(), new HashMap<>(),
                new HashMap<>(), new HashMap<>(), null, null) {
            @Override
            public String toJSONString() {
                return "{\"taskid\":1}";
            }
        };
    }

    private static void await(String what, Recorder r, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        for (;;) {
            synchronized (r) {
                if (done.getAsBoolean()) return;
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("gave up waiting: " + what + "; emitted " + r.emitted + ", acked " + r.acked
                            + ", errors " + r.errors);
                }
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.apache.storm.multilang.JsonSerializer", "stormcpp.storm.MsgpackSerializer"})
    void tuplesAreEmittedAnchoredGetTheirTaskIdsAndAreAcked(String serializer) throws Exception {
        Recorder r = new Recorder();
        BoltProcess bolt = start(r, serializer, 30);
        Tuple a = tuple("a");
        Tuple b = tuple("b");
        bolt.execute(a);
        bolt.execute(b);
        await("both acked", r, () -> r.acked.size() == 2);
        bolt.cleanup();
        synchronized (r) {
            assertEquals(List.of(a, b), r.acked);
            assertEquals(List.of(List.of("a!"), List.of(List.of(7, 9)), List.of("b!"), List.of(List.of(7, 9))),
                    r.emitted, "each emit, then the task ids it got");
            assertEquals(List.of(List.of(a), List.of(), List.of(b), List.of()), r.anchors);
            assertEquals(List.of(), r.errors, "stopping the bolt is not an error");
        }
    }

    @Test
    void aSubprocessThatDiesIsReportedAndTheNextTupleThrows() throws Exception {
        Recorder r = new Recorder();
        BoltProcess bolt = start(r, "org.apache.storm.multilang.JsonSerializer", 30);
        bolt.execute(tuple("die"));
        await("the death reported", r, () -> !r.errors.isEmpty());
        RuntimeException e = assertThrows(RuntimeException.class, () -> bolt.execute(tuple("x")));
        assertTrue(String.valueOf(e.getCause().getCause()).contains("Pipe to subprocess seems to be broken"), e.toString());
        bolt.cleanup();
    }

    @Test
    void heartbeatsKeepAnIdleSubprocessAliveAndAStalledOneIsDeclaredDead() throws Exception {
        Recorder r = new Recorder();
        BoltProcess bolt = start(r, "org.apache.storm.multilang.JsonSerializer", 2);
        Thread.sleep(4_500);  // idle for more than twice the timeout: only heartbeats are heard
        synchronized (r) {
            assertEquals(List.of(), r.errors, "an idle subprocess that answers heartbeats is alive");
        }
        bolt.execute(tuple("stall"));
        await("the stall reported", r, () -> !r.errors.isEmpty());
        synchronized (r) {
            assertTrue(r.errors.get(0).getMessage().contains("heartbeat timeout"), r.errors.get(0).toString());
        }
        bolt.cleanup();
    }
}
