package stormcpp.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.storm.spout.ISpoutOutputCollector;
import org.apache.storm.spout.SpoutOutputCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SpoutProcess against a real subprocess: a small Python spout speaking Storm's JSON protocol
 * (with either serializer it gets JSON: it offers no other wire), and a collector that records.
 */
class SpoutProcessTest {
    /**
     * Mode "emit": each next emits one tuple with a message id (asking for task ids), then the task
     * ids it got, unreliably, on stream "ids". Mode "one": each next emits one tuple with a message
     * id. Mode "slow": each next takes 50 ms and emits nothing.
     * Mode "die": the first next ends the process; "stall": the first next never answers. Every
     * other command is noted on stream "notes" (with the number of nexts seen so far), then synced.
     */
    private static final String COMPONENT = BoltProcessTest.PROTOCOL + String.join("\n",
            "mode = read()['conf']['test.mode']",
            "send({'pid': os.getpid()})",
            "nexts = 0",
            "while True:",
            "    m = waiting.pop(0) if waiting else read()",
            "    c = m['command']",
            "    if c == 'next':",
            "        nexts += 1",
            "        if mode == 'die': sys.exit(3)",
            "        if mode == 'stall': time.sleep(60)",
            "        if mode == 'slow': time.sleep(0.05)",
            "        if mode == 'one':",
            "            send({'command': 'emit', 'id': 'm%d' % nexts, 'tuple': ['t%d' % nexts], 'need_task_ids': False})",
            "        if mode == 'emit':",
            "            send({'command': 'emit', 'id': 'm%d' % nexts, 'tuple': ['t%d' % nexts], 'need_task_ids': True})",
            "            send({'command': 'emit', 'stream': 'ids', 'tuple': [task_ids()], 'need_task_ids': False})",
            "    else:",
            "        note = '%s %s after %d nexts' % (c, m.get('id', ''), nexts)",
            "        send({'command': 'emit', 'stream': 'notes', 'tuple': [note], 'need_task_ids': False})",
            "    send({'command': 'sync'})",
            "");

    @TempDir
    Path dir;

    /** What the spout handed to Storm: each emit as [stream, values, message id]. */
    static final class Recorder implements ISpoutOutputCollector {
        final List<List<Object>> emitted = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public synchronized List<Integer> emit(String stream, List<Object> tuple, Object messageId) {
            emitted.add(java.util.Arrays.asList(stream, tuple, messageId));
            return List.of(3, 5);
        }

        @Override
        public void emitDirect(int task, String stream, List<Object> tuple, Object messageId) {
            throw new AssertionError("no direct emit here");
        }

        @Override
        public long getPendingCount() {
            return 0;
        }

        @Override
        public void flush() {}

        @Override
        public synchronized void reportError(Throwable error) {
            errors.add(error);
        }

        synchronized List<List<Object>> reliable() {
            List<List<Object>> reliable = new ArrayList<>();
            for (List<Object> e : emitted) {
                if ("default".equals(e.get(0))) reliable.add(e);
            }
            return reliable;
        }

        synchronized List<Object> notes() {
            List<Object> notes = new ArrayList<>();
            for (List<Object> e : emitted) {
                if ("notes".equals(e.get(0))) notes.add(((List<?>) e.get(1)).get(0));
            }
            return notes;
        }
    }

    private SpoutProcess start(Recorder recorder, String serializer, String mode, int timeoutSecs) throws IOException {
        Files.writeString(dir.resolve("spout.py"), COMPONENT, StandardCharsets.UTF_8);
        Map<String, Object> conf = new HashMap<>();
        conf.put("topology.multilang.serializer", serializer);
        conf.put("topology.subprocess.timeout.secs", timeoutSecs);
        conf.put("storm.cluster.mode", "local");
        conf.put("test.mode", mode);
        return new SpoutProcess(new String[] {"python3", "spout.py"}, conf, BoltProcessTest.context(dir, conf, "source"),
                new SpoutOutputCollector(recorder));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.apache.storm.multilang.JsonSerializer", "stormcpp.storm.MsgpackSerializer"})
    void emitsCarryTheirMessageIdsGetTheirTaskIdsAndEveryCommandReachesTheProcess(String serializer) throws Exception {
        Recorder r = new Recorder();
        SpoutProcess spout = start(r, serializer, "emit", 30);
        spout.activate();
        assertEquals(List.of("activate  after 0 nexts"), r.notes(), "activate returns once the process answered it");
        long deadline = System.currentTimeMillis() + 30_000;
        while (r.reliable().size() < 3) {  // as Storm does: each call returns once something was emitted
            assertTrue(System.currentTimeMillis() < deadline, "gave up waiting for 3 emits: " + r.emitted);
            spout.nextTuple();
        }
        spout.ack("m1");
        spout.fail("m2");
        spout.deactivate();  // answered after the ack and the fail: the process takes commands in order
        List<Object> notes = r.notes();
        assertEquals("ack m1", notes.get(1).toString().substring(0, 6), notes.toString());
        assertEquals("fail m2", notes.get(2).toString().substring(0, 7), notes.toString());
        assertTrue(notes.get(3).toString().startsWith("deactivate"), notes.toString());
        spout.close();
        synchronized (r) {
            for (List<Object> e : r.emitted) {
                if ("ids".equals(e.get(0))) assertEquals(List.of(List.of(3, 5)), e.get(1), "the task ids the emit got");
            }
            List<List<Object>> reliable = r.reliable();
            for (int i = 0; i < reliable.size(); i++) {
                assertEquals(List.of("default", List.of("t" + (i + 1)), "m" + (i + 1)), reliable.get(i));
            }
            assertEquals(List.of(), r.errors, "closing the spout is not an error");
        }
    }

    @Test
    void whileTheProcessHasTuplesEveryCallHandsOnAnEmit() throws Exception {
        Recorder r = new Recorder();
        SpoutProcess spout = start(r, "org.apache.storm.multilang.JsonSerializer", "one", 30);
        spout.activate();
        for (int call = 1; call <= 50; call++) {
            int before = r.reliable().size();
            spout.nextTuple();
            // a call without an emit makes Storm's wait strategy sleep a millisecond: only for an idle spout
            assertTrue(r.reliable().size() > before, "call " + call + " returned without an emit");
        }
        spout.close();
    }

    @Test
    void nextsArePipelinedButNoMoreThanTheBoundAreUnanswered() throws Exception {
        Recorder r = new Recorder();
        SpoutProcess spout = start(r, "org.apache.storm.multilang.JsonSerializer", "slow", 30);
        spout.activate();
        int calls = 5;
        for (int i = 0; i < calls; i++) spout.nextTuple();  // each waits for one next's answer
        Thread.sleep(300);  // time for the process to take anything more that was written
        spout.deactivate();
        spout.close();
        // ShellSpout: exactly one next per call. Here each call ends on one answer and leaves
        // NEXTS_IN_FLIGHT asked: never more.
        assertEquals(List.of("activate  after 0 nexts",
                "deactivate  after " + (calls + SpoutProcess.NEXTS_IN_FLIGHT) + " nexts"), r.notes());
    }

    @Test
    void aProcessThatDiesIsReportedAndNextTupleThrows() throws Exception {
        Recorder r = new Recorder();
        SpoutProcess spout = start(r, "org.apache.storm.multilang.JsonSerializer", "die", 30);
        spout.activate();
        RuntimeException e = assertThrows(RuntimeException.class, spout::nextTuple);
        assertTrue(String.valueOf(e.getCause()).contains("Pipe to subprocess seems to be broken"), e.toString());
        synchronized (r) {
            assertEquals(1, r.errors.size(), r.errors.toString());
        }
        assertThrows(RuntimeException.class, () -> spout.ack("m1"));
        spout.close();
    }

    @Test
    void anIdleProcessIsAliveAndOneThatStopsAnsweringIsDeclaredDead() throws Exception {
        Recorder r = new Recorder();
        SpoutProcess spout = start(r, "org.apache.storm.multilang.JsonSerializer", "stall", 2);
        spout.activate();
        Thread.sleep(4_500);  // more than twice the timeout with no command waiting for its answer
        synchronized (r) {
            assertEquals(List.of(), r.errors, "a spout with nothing asked of it is not late");
        }
        RuntimeException e = assertThrows(RuntimeException.class, spout::nextTuple);  // the watchdog ends the wait
        assertTrue(String.valueOf(e.getCause()).contains("heartbeat timeout"), e.toString());
        spout.close();
    }
}
