package stormcpp.storm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.multilang.JsonSerializer;
import org.apache.storm.multilang.NoOutputException;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.task.TopologyContext;
import org.junit.jupiter.api.Test;

/**
 * The serializer between a worker and a component's pipes. The component's side is scripted bytes
 * (its pid reply and messages, written up front); what the serializer writes is captured and
 * decoded with the serializer's own reader, or compared with what Storm's JsonSerializer writes.
 */
class MsgpackSerializerTest {
    /** A context that answers what connect() asks: the pid directory and itself as JSON. */
    static final class Context extends TopologyContext {
        Context() {
            super(null, new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), "t-1", null,
                    null, 1, 6700, new ArrayList<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                    null, null);
        }

        @Override
        public String getPIDDir() {
            return "/tmp/pids";
        }

        @Override
        public String toJSONString() {
            return "{\"taskid\":1}";
        }
    }

    /** Records the bytes written and each flush. */
    static final class Sink extends ByteArrayOutputStream {
        final List<Integer> flushedAt = new ArrayList<>();

        @Override
        public void flush() {
            flushedAt.add(size());
        }
    }

    static byte[] packed(Object message) throws IOException {
        Msgpack.Writer w = new Msgpack.Writer();
        w.beginFrame();
        w.value(message);
        w.endFrame();
        return Arrays.copyOf(w.buffer(), w.size());
    }

    static byte[] text(String json) {
        return (json + "\nend\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    static <S extends ISerializer> S connected(S serializer, Sink toComponent, byte[] fromComponent) throws Exception {
        serializer.initialize(toComponent, new ByteArrayInputStream(fromComponent));
        assertEquals(77, serializer.connect(new HashMap<>(), new Context()).intValue());
        return serializer;
    }

    static final byte[] OFFER = text("{\"pid\":77,\"wire\":\"msgpack/1\"}");
    static final byte[] NO_OFFER = text("{\"pid\":77}");

    static BoltMsg tuple(String id, List<Object> values) {
        BoltMsg msg = new BoltMsg();
        msg.setId(id);
        msg.setComp("source");
        msg.setStream("default");
        msg.setTask(4);
        msg.setTuple(values);
        return msg;
    }

    /** The packed frames in {@code bytes} from {@code from}, decoded. */
    static List<Object> framesAfter(byte[] bytes, int from) throws IOException {
        List<Object> frames = new ArrayList<>();
        int pos = from;
        while (pos < bytes.length) {
            assertEquals(Msgpack.MARKER, bytes[pos] & 0xff, "a packed frame at byte " + pos);
            int length = ((bytes[pos + 1] & 0xff) << 24) | ((bytes[pos + 2] & 0xff) << 16) | ((bytes[pos + 3] & 0xff) << 8)
                    | (bytes[pos + 4] & 0xff);
            Msgpack.Reader r = new Msgpack.Reader(bytes, pos + Msgpack.HEADER, pos + Msgpack.HEADER + length, 100);
            frames.add(r.value());
            assertTrue(r.atEnd());
            pos += Msgpack.HEADER + length;
        }
        return frames;
    }

    static int handshakeLength(Sink sink) {
        String all = new String(sink.toByteArray(), StandardCharsets.ISO_8859_1);
        return all.indexOf("\nend\n") + 5;
    }

    @Test
    void anOfferTakesThePackedWireBothWays() throws Exception {
        byte[] bytes = {0, 1, (byte) 0xff};
        byte[] emit = packed(map("command", "emit", "tuple", List.of("w", bytes, 5), "task", 9, "anchors", List.of("a"),
                "need_task_ids", false));
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink, concat(OFFER, emit));
        assertTrue(s.isPacked());
        String handshake = new String(sink.toByteArray(), 0, handshakeLength(sink), StandardCharsets.UTF_8);
        assertTrue(handshake.contains("\"pidDir\":\"\\/tmp\\/pids\"") || handshake.contains("\"pidDir\":\"/tmp/pids\""),
                handshake);

        s.writeBoltMsg(tuple("-5", List.of("dog", new byte[] {7}, 3L, 2.5, true)));
        List<Object> written = framesAfter(sink.toByteArray(), handshakeLength(sink));
        assertEquals(1, written.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) written.get(0);
        assertEquals("-5", t.get("id"));
        assertEquals("source", t.get("comp"));
        assertEquals(4, t.get("task"));
        List<?> values = (List<?>) t.get("tuple");
        assertEquals("dog", values.get(0));
        assertArrayEquals(new byte[] {7}, (byte[]) values.get(1));
        assertEquals(List.of(3, 2.5, true), values.subList(2, 5));

        ShellMsg m = s.readShellMsg();
        assertEquals("emit", m.getCommand());
        assertEquals(9, m.getTask());  // a direct emit
        assertArrayEquals(bytes, (byte[]) m.getTuple().get(1));
        assertEquals(List.of("a"), m.getAnchors());
        assertFalse(m.areTaskIdsNeeded());
    }

    @Test
    void withoutAnOfferItWritesWhatStormsJsonSerializerWrites() throws Exception {
        Sink ours = new Sink();
        Sink storms = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), ours, NO_OFFER);
        JsonSerializer j = connected(new JsonSerializer(), storms, NO_OFFER);
        assertFalse(s.isPacked());
        BoltMsg msg = tuple("-5", List.of("dog", 3L));
        SpoutMsg next = new SpoutMsg();
        next.setCommand("next");
        next.setId("");
        for (ISerializer x : List.of(s, j)) {
            x.writeBoltMsg(msg);
            x.writeTaskIds(List.of(3, 4));
            x.writeSpoutMsg(next);
        }
        assertEquals(storms.toString(StandardCharsets.UTF_8), ours.toString(StandardCharsets.UTF_8));
    }

    static SpoutMsg command(String name, Object id) {
        SpoutMsg msg = new SpoutMsg();
        msg.setCommand(name);
        msg.setId(id);
        return msg;
    }

    @Test
    void aSpoutOfferingAckBatchesGetsItsAcksInOneCommandBeforeTheNext() throws Exception {
        byte[] sync = packed(map("command", "sync"));
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink,
                concat(text("{\"pid\":77,\"wire\":\"msgpack/1\",\"ack_batches\":true}"), sync, sync));
        int start = handshakeLength(sink);
        int flushes = sink.flushedAt.size();
        for (long id = 1; id <= 3; id++) {
            s.writeSpoutMsg(command("ack", id));
            assertEquals("sync", s.readShellMsg().getCommand());  // answered here, nothing read
        }
        assertEquals(start, sink.size(), "no byte written for an ack");
        assertEquals(flushes, sink.flushedAt.size());
        s.writeSpoutMsg(command("next", ""));
        assertEquals("sync", s.readShellMsg().getCommand());  // the component's
        s.writeSpoutMsg(command("fail", 4L));  // nothing batched: the fail alone
        assertEquals("sync", s.readShellMsg().getCommand());
        assertEquals(List.of(map("command", "acks", "ids", List.of(1, 2, 3)), map("command", "next", "id", ""),
                map("command", "fail", "id", 4)), framesAfter(sink.toByteArray(), start));
        assertEquals(flushes + 2, sink.flushedAt.size(), "the acks go out with the next command, in one flush");
        assertThrows(NoOutputException.class, s::readShellMsg);  // both syncs were the component's
    }

    @Test
    void underSpoutProcessBatchedAcksGetNoMadeUpSyncAndGoOutWhenAsked() throws Exception {
        byte[] emit = packed(map("command", "emit", "tuple", List.of("w")));
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink,
                concat(text("{\"pid\":77,\"wire\":\"msgpack/1\",\"ack_batches\":true}"), emit));
        assertTrue(s.pipelineAcks());
        int start = handshakeLength(sink);
        int flushes = sink.flushedAt.size();
        s.writeSpoutMsg(command("ack", 1L));
        s.writeSpoutMsg(command("ack", 2L));
        assertEquals("emit", s.readShellMsg().getCommand(), "what the component wrote, not a sync made here");
        assertEquals(start, sink.size(), "no byte written for an ack");
        s.flushAcks();
        s.flushAcks();  // nothing more batched: nothing written
        assertEquals(List.of(map("command", "acks", "ids", List.of(1, 2))), framesAfter(sink.toByteArray(), start));
        assertEquals(flushes + 1, sink.flushedAt.size());
    }

    @Test
    void aSpoutThatOffersNoAckBatchesGetsEachAckAsStormSendsIt() throws Exception {
        byte[] sync = packed(map("command", "sync"));
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink, concat(OFFER, sync));
        int start = handshakeLength(sink);
        s.writeSpoutMsg(command("ack", 1L));
        assertEquals("sync", s.readShellMsg().getCommand());
        assertEquals(List.of(map("command", "ack", "id", 1)), framesAfter(sink.toByteArray(), start));
    }

    static List<Object> described(ShellMsg m) {
        return Arrays.asList(m.getCommand(), m.getId(), m.getMsg(), m.getStream(), m.getTask(), m.areTaskIdsNeeded(),
                m.getTuple(), m.getAnchors(), m.getMetricName(), m.getMetricParams(), m.getLogLevel());
    }

    @Test
    void aPackedMessageReadsAsTheSameMessageAsItsJson() throws Exception {
        Map<String, Object> many = map("command", "emit", "tuple", List.of("w"));
        for (int i = 0; i < 20; i++) many.put("extra" + i, List.of(i, map("deep", List.of(i))));  // a map16
        many.put("an unknown key longer than thirty-one bytes", 1);  // a str8 key
        List<Map<String, Object>> messages = List.of(
                map("command", "emit", "tuple", List.of("w", 5, -7, 2.5, true), "anchors", List.of("1", "2"), "stream", "s",
                        "need_task_ids", false),
                map("tuple", List.of(), "command", "emit", "anchors", "only", "task", 3, "id", "m-1"),
                map("command", "log", "msg", "hello", "level", 4),
                map("level", 4, "msg", "before the command", "command", "log"),
                map("command", "error", "msg", "bad", "level", 2),
                map("command", "metrics", "name", "m", "params", map("a", 1)),
                map("command", "sync"),
                map("command", "ack", "id", "-12345678901234567"),
                map("command", "fail", "id", 42, "need_task_ids", "not a boolean", "stream", 7, "task", "x"),
                many);
        for (Map<String, Object> message : messages) {
            MsgpackSerializer packedWire = connected(new MsgpackSerializer(), new Sink(), concat(OFFER, packed(message)));
            MsgpackSerializer jsonWire = connected(new MsgpackSerializer(), new Sink(),
                    concat(OFFER, text(org.apache.storm.shade.net.minidev.json.JSONValue.toJSONString(message))));
            assertEquals(described(jsonWire.readShellMsg()), described(packedWire.readShellMsg()), message.toString());
        }
        // A repeated key: the last value, on both wires.
        byte[] repeated = {(byte) 0xc1, 0, 0, 0, 21, (byte) 0x83, (byte) 0xa7, 'c', 'o', 'm', 'm', 'a', 'n', 'd', (byte) 0xa3,
            'a', 'c', 'k', (byte) 0xa2, 'i', 'd', 1, (byte) 0xa2, 'i', 'd', 2};
        ShellMsg m = connected(new MsgpackSerializer(), new Sink(), concat(OFFER, repeated)).readShellMsg();
        assertEquals(List.of("ack", 2), List.of(m.getCommand(), m.getId()));
        // Errors name the whole message, as before.
        assertFails("no string \"command\": {tuple=x}", packed(map("tuple", "x")));
        String error = failure(packed(map("command", "emit", "tuple", "x")));
        assertTrue(error.contains("must be an array: {") && error.contains("tuple=x") && error.contains("command=emit"), error);
    }

    static final byte[] DIRECT_EMIT = text("{\"command\":\"emit\",\"tuple\":[\"x\"],\"task\":3,\"need_task_ids\":false}");

    @Test
    void stormsJsonSerializerCannotReadADirectEmit() throws Exception {
        JsonSerializer j = connected(new JsonSerializer(), new Sink(), concat(NO_OFFER, DIRECT_EMIT));
        // Storm 2.6+ parses the task as an Integer and casts it to Long
        assertThrows(ClassCastException.class, j::readShellMsg);
    }

    @Test
    void onTheJsonWireADirectEmitIsRead() throws Exception {
        MsgpackSerializer s = connected(new MsgpackSerializer(), new Sink(), concat(NO_OFFER, DIRECT_EMIT));
        ShellMsg m = s.readShellMsg();
        assertEquals(3, m.getTask());
        assertEquals(List.of("x"), m.getTuple());
    }

    @Test
    void readsMultiLineAndCrLfTextFramesAndPackedFramesInOneStream() throws Exception {
        byte[] input = concat(NO_OFFER, "{\"command\":\r\n\"sync\"}\r\nend\r\n".getBytes(StandardCharsets.UTF_8),
                packed(map("command", "log", "msg", "h\u00e9", "level", 3)), text("{\"command\":\"sync\"}"));
        MsgpackSerializer s = connected(new MsgpackSerializer(), new Sink(), input);
        assertEquals("sync", s.readShellMsg().getCommand());
        ShellMsg log = s.readShellMsg();
        assertEquals("h\u00e9", log.getMsg());
        assertEquals(ShellMsg.ShellLogLevel.WARN, log.getLogLevel());
        assertEquals("sync", s.readShellMsg().getCommand());
        assertThrows(NoOutputException.class, s::readShellMsg);  // the component's output ended
    }

    @Test
    void boltFramesWaitWhileMoreAreQueuedAndGoWhenTheQueueEmpties() throws Exception {
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink, OFFER);
        int handshake = sink.size();
        boolean[] more = {true};
        s.watchBacklog(() -> more[0]);
        s.writeBoltMsg(tuple("1", List.of("a")));
        s.writeTaskIds(List.of(1));
        s.writeBoltMsg(tuple("2", List.of("b")));
        assertEquals(handshake, sink.size(), "nothing written while more is queued");
        more[0] = false;
        s.writeBoltMsg(tuple("3", List.of("c")));
        assertEquals(4, framesAfter(sink.toByteArray(), handshake).size());
        assertEquals(sink.size(), (int) sink.flushedAt.get(sink.flushedAt.size() - 1));
        // a long backlog still goes out in 64 KiB batches
        more[0] = true;
        String big = "x".repeat(10_000);
        for (int i = 0; i < 7; i++) s.writeBoltMsg(tuple("b" + i, List.of(big)));
        assertTrue(sink.size() > handshake + 64 * 1024, "frames held past 64 KiB");
        // a spout command never waits
        SpoutMsg next = new SpoutMsg();
        next.setCommand("next");
        next.setId("");
        s.writeSpoutMsg(next);
        List<Object> all = framesAfter(sink.toByteArray(), handshake);
        assertEquals(Map.of("command", "next", "id", ""), all.get(all.size() - 1));
    }

    @Test
    void flushWritesOutTheFramesThatWaitAndNothingWhenNoneDo() throws Exception {
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink, OFFER);
        int handshake = sink.size();
        int flushes = sink.flushedAt.size();
        s.watchBacklog(() -> true);
        s.writeBoltMsg(tuple("1", List.of("a")));
        s.writeBoltMsg(tuple("2", List.of("b")));
        assertEquals(handshake, sink.size(), "held while more is queued");
        s.flush();
        assertEquals(2, framesAfter(sink.toByteArray(), handshake).size());
        assertEquals(List.of(sink.size()), sink.flushedAt.subList(flushes, sink.flushedAt.size()));
        s.flush();
        assertEquals(flushes + 1, sink.flushedAt.size(), "nothing buffered: no write, no flush");
    }

    @Test
    void aValueTheWireCannotCarryIsAClearErrorAndLosesNothingElse() throws Exception {
        Sink sink = new Sink();
        MsgpackSerializer s = connected(new MsgpackSerializer(), sink, OFFER);
        int handshake = sink.size();
        IOException e = assertThrows(IOException.class, () -> s.writeBoltMsg(tuple("1", List.of(new StringBuilder("sb")))));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
        assertTrue(e.getMessage().contains("tuple 1 from source"), e.getMessage());
        s.writeBoltMsg(tuple("2", List.of(new BigInteger("18446744073709551615"), 'c', (short) 2)));
        List<Object> frames = framesAfter(sink.toByteArray(), handshake);
        assertEquals(1, frames.size());
        assertEquals(List.of(new BigInteger("18446744073709551615"), "c", 2), ((Map<?, ?>) frames.get(0)).get("tuple"));
    }

    static String failure(byte[] fromComponent) throws Exception {
        MsgpackSerializer s = connected(new MsgpackSerializer(), new Sink(), concat(OFFER, fromComponent));
        Exception e = assertThrows(Exception.class, s::readShellMsg);
        assertTrue(e instanceof IOException || e instanceof NoOutputException, e.toString());
        return e.getMessage();
    }

    static void assertFails(String says, byte[] fromComponent) throws Exception {
        String message = failure(fromComponent);
        assertTrue(message.contains(says), "expected '" + says + "' in: " + message);
    }

    @Test
    void badFramesFromTheComponentAreClearErrors() throws Exception {
        byte[] good = packed(map("command", "sync"));
        assertFails("ended inside a packed frame", Arrays.copyOf(good, good.length - 1));
        assertFails("header", Arrays.copyOf(good, 3));
        assertFails("stormcpp.max_frame_bytes", new byte[] {(byte) 0xc1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertFails("ext types", new byte[] {(byte) 0xc1, 0, 0, 0, 2, (byte) 0xd4, 1});
        assertFails("never used", new byte[] {(byte) 0xc1, 0, 0, 0, 1, (byte) 0xc1});
        assertFails("ends inside", new byte[] {(byte) 0xc1, 0, 0, 0, 2, (byte) 0x91, (byte) 0xcd});
        assertFails("not a str", new byte[] {(byte) 0xc1, 0, 0, 0, 3, (byte) 0x81, 1, 2});
        assertFails("past the end", new byte[] {(byte) 0xc1, 0, 0, 0, 5, (byte) 0xdd, 0x7f, 0, 0, 0});
        assertFails("bytes after", concat(new byte[] {(byte) 0xc1, 0, 0, 0, 2}, new byte[] {(byte) 0x80, 0}));
        assertFails("\"command\"", packed(List.of(1)));
        assertFails("\"command\"", packed(map("tuple", "x")));
        assertFails("\"tuple\" must be an array", packed(map("command", "emit", "tuple", "x")));
        assertFails("not valid JSON", text("{oops"));
    }
}
