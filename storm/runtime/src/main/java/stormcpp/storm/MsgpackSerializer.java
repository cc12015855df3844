package stormcpp.storm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.multilang.NoOutputException;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.shade.net.minidev.json.JSONObject;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.ShellProcess;
import org.apache.storm.utils.Utils;

/**
 * A multilang serializer that speaks the msgpack wire (docs/wire.md) to components that offer it,
 * and Storm's JSON protocol to every other one, so one topology can mix them:
 *
 * <pre>
 * config:
 *   topology.multilang.serializer: "stormcpp.storm.MsgpackSerializer"
 * </pre>
 *
 * <p>The handshake is Storm's, in JSON. A stormcpp component offers the wire in its pid reply
 * ({@code "wire": "msgpack/1"}); this serializer then sends packed frames, and the component
 * answers in kind. A component that makes no offer (storm.py, storm.js, a stormcpp component with
 * {@code stormcpp.wire: json}) gets JSON exactly as from Storm's JsonSerializer.
 *
 * <p>On either wire this class also fixes two defects of Storm's JsonSerializer: direct emits
 * (it casts the task to Long and fails on Storm 2.6+) and bytes ({@code byte[]} values travel as
 * MessagePack bin). Packed frames to a bolt are flushed only when the bolt has nothing more queued
 * for its process ({@link #watchBacklog}); each spout command is flushed at once.
 *
 * <p>A spout that also offers {@code "ack_batches": true} gets no round trip per ack: each
 * {@code ack} is answered at once with a sync made here, and the acked ids go to the process in
 * one {@code acks} command, written just before the next other command (next, fail, activate,
 * deactivate) and answered by no sync.
 */
public class MsgpackSerializer implements ISerializer {
    private static final long serialVersionUID = 1L;

    /** The offer a component makes in its pid reply. */
    public static final String WIRE_OFFER = "msgpack/1";
    private static final int DEFAULT_MAX_FRAME_BYTES = 256 * 1024 * 1024;
    private static final int MAX_DEPTH = 10000;
    /** Past this many bytes buffered, frames go out even while more are queued. */
    private static final int FLUSH_THRESHOLD = 64 * 1024;
    private static final byte[] END = "\nend\n".getBytes(StandardCharsets.UTF_8);

    private transient OutputStream processIn;
    private transient FrameInput processOut;
    private transient Msgpack.Writer writer;
    private transient boolean packed;
    /** The spout took batched acks: ids acked since the last command, and a sync owed for them. */
    private transient boolean ackBatches;
    private transient List<Object> pendingAcks;
    private transient boolean syncOwed;
    /** Whether a batched ack is answered here, for ShellSpout, which reads until a sync. */
    private transient boolean answerAcks;
    /** What readShellMsg gives for a batched ack (ShellSpout only reads its command). */
    private transient ShellMsg ackSync;
    private transient volatile BooleanSupplier moreQueued;

    @Override
    public void initialize(OutputStream processIn, InputStream processOut) {
        this.processIn = processIn;
        this.processOut = new FrameInput(processOut, DEFAULT_MAX_FRAME_BYTES);
        this.writer = new Msgpack.Writer();
    }

    @Override
    public Number connect(Map<String, Object> conf, TopologyContext context) throws IOException, NoOutputException {
        Object limit = conf.get("stormcpp.max_frame_bytes");
        if (limit instanceof Number) processOut.maxFrameBytes = (int) Math.min(Integer.MAX_VALUE, ((Number) limit).longValue());
        JSONObject setupInfo = new JSONObject();
        setupInfo.put("pidDir", context.getPIDDir());
        setupInfo.put("conf", conf);
        setupInfo.put("context", context);
        writeJson(setupInfo);
        Object reply = readJson(processOut.textFrame());
        if (!(reply instanceof Map) || !(((Map<?, ?>) reply).get("pid") instanceof Number)) {
            throw new IOException("the component's first message must be {\"pid\": <integer>}, got: "
                    + Msgpack.abbreviate(String.valueOf(reply)));
        }
        packed = WIRE_OFFER.equals(((Map<?, ?>) reply).get("wire"));
        ackBatches = packed && Boolean.TRUE.equals(((Map<?, ?>) reply).get("ack_batches"));
        pendingAcks = new ArrayList<>();
        answerAcks = true;
        ackSync = new ShellMsg();
        ackSync.setCommand("sync");
        return (Number) ((Map<?, ?>) reply).get("pid");
    }

    /**
     * For a spout process whose commands are pipelined (SpoutProcess): batched acks get no sync made
     * here, since nothing waits for one. Returns whether the spout takes batched acks.
     */
    synchronized boolean pipelineAcks() {
        answerAcks = false;
        return ackBatches;
    }

    /** Writes out the acks batched since the last command, if any (pipelineAcks only). */
    synchronized void flushAcks() throws IOException {
        if (pendingAcks.isEmpty()) return;
        writeAcks();
        flushPacked();
    }

    /** True when the component took the msgpack wire at the handshake. */
    public boolean isPacked() {
        return packed;
    }

    /**
     * Packed frames to a bolt's process are flushed only when {@code moreQueued} says nothing more
     * is waiting to be written (and past 64 KiB). Without it every frame is flushed.
     */
    public void watchBacklog(BooleanSupplier moreQueued) {
        this.moreQueued = moreQueued;
    }

    /**
     * Watches {@code bolt}'s queue of messages for its process, when {@code bolt} runs this
     * serializer. Reads two private fields of Storm's ShellBolt and ShellBoltMessageQueue: if a
     * Storm version renames them, frames are flushed one by one (and a warning is logged).
     */
    public static void watchBacklog(ShellBolt bolt) {
        try {
            ShellProcess process = (ShellProcess) field(ShellBolt.class, "process").get(bolt);
            if (process == null || !(process.serializer instanceof MsgpackSerializer)) return;
            Object queue = field(ShellBolt.class, "pendingWrites").get(bolt);
            java.util.concurrent.BlockingQueue<?> messages =
                    (java.util.concurrent.BlockingQueue<?>) field(queue.getClass(), "boltMsgQueue").get(queue);
            java.util.Collection<?> taskIds = (java.util.Collection<?>) field(queue.getClass(), "taskIdsQueue").get(queue);
            // Only the writer thread, which asks, takes from the queues: "not empty" cannot be stale.
            ((MsgpackSerializer) process.serializer).watchBacklog(() -> !messages.isEmpty() || !taskIds.isEmpty());
        } catch (ReflectiveOperationException | RuntimeException e) {
            ShellBolt.LOG.warn("stormcpp.storm.MsgpackSerializer cannot see this Storm's ShellBolt queue ({}):"
                    + " every frame is flushed on its own", e.toString());
        }
    }

    /** A private field of one of Storm's classes, made readable (shared with BoltProcess). */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @Override
    public void writeBoltMsg(BoltMsg msg) throws IOException {
        if (!packed) {
            JSONObject obj = new JSONObject();
            obj.put("id", msg.getId());
            obj.put("comp", msg.getComp());
            obj.put("stream", msg.getStream());
            obj.put("task", msg.getTask());
            obj.put("tuple", msg.getTuple());
            writeJson(obj);
            return;
        }
        synchronized (this) {
            try {
                writer.beginFrame();
                writer.map(5);  // in this order: the component's fast path expects it
                writer.str("id");
                writer.str(msg.getId());
                writer.str("comp");
                if (msg.getComp() == null) writer.nil(); else writer.str(msg.getComp());
                writer.str("stream");
                writer.str(msg.getStream());
                writer.str("task");
                writer.integer(msg.getTask());
                writer.str("tuple");
                List<Object> values = msg.getTuple();
                writer.array(values.size());
                for (Object value : values) writer.value(value);
                writer.endFrame();
            } catch (Msgpack.FormatException e) {
                writer.abandonFrame();
                throw new IOException("tuple " + msg.getId() + " from " + msg.getComp() + " on stream " + msg.getStream()
                        + ": " + e.getMessage(), e);
            }
            flushUnlessMoreQueued();
        }
    }

    @Override
    public void writeSpoutMsg(SpoutMsg msg) throws IOException {
        if (!packed) {
            JSONObject obj = new JSONObject();
            obj.put("command", msg.getCommand());
            obj.put("id", msg.getId());
            writeJson(obj);
            return;
        }
        synchronized (this) {
            if (ackBatches && "ack".equals(msg.getCommand())) {
                pendingAcks.add(msg.getId());
                syncOwed = answerAcks;  // ShellSpout now reads until a sync: readShellMsg gives it
                return;
            }
            if (!pendingAcks.isEmpty()) {
                writeAcks();
            }
            try {
                writer.beginFrame();
                writer.map(2);
                writer.str("command");
                writer.str(msg.getCommand());
                writer.str("id");
                writer.value(msg.getId());
                writer.endFrame();
            } catch (Msgpack.FormatException e) {
                writer.abandonFrame();
                throw new IOException("spout command " + msg.getCommand() + ": " + e.getMessage(), e);
            }
            flushPacked();  // the spout now waits for the component's sync
        }
    }

    /** The acks batched since the last command, as one {@code acks} command (not flushed). */
    private void writeAcks() throws IOException {
        try {
            writer.beginFrame();
            writer.map(2);
            writer.str("command");
            writer.str("acks");
            writer.str("ids");
            writer.array(pendingAcks.size());
            for (Object id : pendingAcks) writer.value(id);
            writer.endFrame();
        } catch (Msgpack.FormatException e) {
            writer.abandonFrame();
            throw new IOException("spout command acks: " + e.getMessage(), e);
        } finally {
            pendingAcks.clear();
        }
    }

    @Override
    public void writeTaskIds(List<Integer> taskIds) throws IOException {
        if (!packed) {
            writeJson(taskIds);
            return;
        }
        synchronized (this) {
            writer.beginFrame();
            writer.array(taskIds.size());
            for (Integer task : taskIds) writer.integer(task);
            writer.endFrame();
            flushUnlessMoreQueued();
        }
    }

    private void flushUnlessMoreQueued() throws IOException {
        BooleanSupplier queued = moreQueued;
        if (queued == null || !queued.getAsBoolean() || writer.size() >= FLUSH_THRESHOLD) flushPacked();
    }

    /** Writes out the packed frames still buffered, if any (a bolt's frames wait while more are queued). */
    public synchronized void flush() throws IOException {
        if (writer.size() > 0) flushPacked();
    }

    private void flushPacked() throws IOException {
        processIn.write(writer.buffer(), 0, writer.size());
        writer.clear();
        processIn.flush();
    }

    private synchronized void writeJson(Object message) throws IOException {
        processIn.write(JSONValue.toJSONString(message).getBytes(StandardCharsets.UTF_8));
        processIn.write(END);
        processIn.flush();
    }

    private static Object readJson(String text) throws IOException {
        try {
            return JSONValue.parseWithException(text);
        } catch (ParseException e) {
            throw new IOException("a frame from the component is not valid JSON (" + e.getMessage() + "): "
                    + Msgpack.abbreviate(text), e);
        }
    }

    @Override
    public ShellMsg readShellMsg() throws IOException, NoOutputException {
        if (syncOwed) {  // the answer to a batched ack (writeSpoutMsg): nothing to read
            syncOwed = false;
            return ackSync;
        }
        Object message;
        if (processOut.nextIsPacked()) {
            Msgpack.Reader body = processOut.packedBody(MAX_DEPTH);
            // The usual message: its fields straight from the bytes, no Map in between (a profile of
            // the word count had a third of this method in building and querying that Map).
            Object[] fields = body.fields(KEY_BYTES);
            if (fields != null) {
                if (!body.atEnd()) throw trailingBytes();
                return shellMsg(fields, () -> describe(body));
            }
            message = body.rewind().value();
            if (!body.atEnd()) throw trailingBytes();
        } else {
            message = readJson(processOut.textFrame());
        }
        if (!(message instanceof Map)) {
            throw new IOException("a message from the component must be a map with a \"command\", got: "
                    + Msgpack.abbreviate(String.valueOf(message)));
        }
        return shellMsg((Map<?, ?>) message);
    }

    /** A packed message as text, for an error (it has been read once: it decodes). */
    private static String describe(Msgpack.Reader body) {
        try {
            return String.valueOf(body.rewind().value());
        } catch (Msgpack.FormatException e) {
            return e.getMessage();
        }
    }

    private static IOException trailingBytes() {
        return new IOException("a packed frame from the component holds bytes after its message");
    }

    /** The keys of a component's message that Storm reads, in the order of {@link #shellMsg(Object[], Supplier)}. */
    private static final String[] KEYS = {"command", "id", "msg", "stream", "task", "need_task_ids", "tuple", "anchors",
        "name", "params", "level"};
    private static final byte[][] KEY_BYTES = Arrays.stream(KEYS).map(k -> k.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    /** A component's message, on either wire, as Storm's JsonSerializer reads it (task: any integer). */
    static ShellMsg shellMsg(Map<?, ?> msg) throws IOException {
        Object[] fields = new Object[KEYS.length];
        for (int k = 0; k < KEYS.length; k++) fields[k] = msg.get(KEYS[k]);
        return shellMsg(fields, () -> String.valueOf(msg));
    }

    /** The message whose values for {@link #KEYS} are {@code f}; {@code whole} is its text for errors. */
    @SuppressWarnings("unchecked")
    private static ShellMsg shellMsg(Object[] f, Supplier<String> whole) throws IOException {
        Object command = f[0];
        if (!(command instanceof String)) {
            throw new IOException("a message from the component has no string \"command\": "
                    + Msgpack.abbreviate(whole.get()));
        }
        ShellMsg shellMsg = new ShellMsg();
        shellMsg.setCommand((String) command);
        shellMsg.setId(f[1]);
        shellMsg.setMsg(f[2] instanceof String ? (String) f[2] : null);
        shellMsg.setStream(f[3] instanceof String ? (String) f[3] : Utils.DEFAULT_STREAM_ID);
        shellMsg.setTask(f[4] instanceof Number ? ((Number) f[4]).longValue() : 0);
        shellMsg.setNeedTaskIds(!(f[5] instanceof Boolean) || (Boolean) f[5]);
        Object tuple = f[6];
        if (tuple != null && !(tuple instanceof List)) {
            throw new IOException("\"tuple\" must be an array: " + Msgpack.abbreviate(whole.get()));
        }
        shellMsg.setTuple((List<Object>) tuple);
        Object anchors = f[7];
        if (anchors instanceof String) anchors = List.of(anchors);
        if (anchors instanceof List) {
            for (Object anchor : (List<?>) anchors) shellMsg.addAnchor(String.valueOf(anchor));
        }
        shellMsg.setMetricName(f[8] instanceof String ? (String) f[8] : null);
        shellMsg.setMetricParams(f[9]);
        if ("log".equals(command) && f[10] instanceof Number) shellMsg.setLogLevel(((Number) f[10]).intValue());
        return shellMsg;
    }

    /** The component's output: packed frames and JSON text frames, told apart by their first byte. */
    static final class FrameInput {
        private final InputStream in;
        private byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        int maxFrameBytes;

        FrameInput(InputStream in, int maxFrameBytes) {
            this.in = in;
            this.maxFrameBytes = maxFrameBytes;
        }

        /** Reads until {@code need} bytes from {@code pos} are buffered; false at end of input. */
        private boolean fill(int need) throws IOException {
            while (limit - pos < need) {
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, limit - pos);
                    limit -= pos;
                    pos = 0;
                }
                if (need > buf.length) {
                    byte[] bigger = new byte[Math.max(need, buf.length * 2)];
                    System.arraycopy(buf, 0, bigger, 0, limit);
                    buf = bigger;
                }
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) return false;
                limit += n;
            }
            return true;
        }

        private NoOutputException broken(String what) {
            return new NoOutputException("Pipe to subprocess seems to be broken! " + what);
        }

        boolean nextIsPacked() throws IOException, NoOutputException {
            if (!fill(1)) throw broken("No output read.");
            return (buf[pos] & 0xff) == Msgpack.MARKER;
        }

        Msgpack.Reader packedBody(int maxDepth) throws IOException, NoOutputException {
            if (!fill(Msgpack.HEADER)) throw broken("Its output ended inside a packed frame's header.");
            long length = 0;
            for (int i = 1; i < Msgpack.HEADER; i++) length = (length << 8) | (buf[pos + i] & 0xff);
            if (length > maxFrameBytes) {
                throw new IOException("a packed frame from the component says it holds " + length
                        + " bytes, more than stormcpp.max_frame_bytes (" + maxFrameBytes + ")");
            }
            int size = Msgpack.HEADER + (int) length;
            if (!fill(size)) {
                throw broken("Its output ended inside a packed frame (" + (limit - pos) + " of " + size + " bytes).");
            }
            Msgpack.Reader reader = new Msgpack.Reader(buf, pos + Msgpack.HEADER, pos + size, maxDepth);
            pos += size;
            return reader;
        }

        /** Lines up to a line that is exactly {@code end}, joined by \n (as Storm's readLine loop). */
        String textFrame() throws IOException, NoOutputException {
            StringBuilder frame = new StringBuilder();
            int total = 0;
            for (;;) {
                int lineEnd;
                int scanned = 0;  // bytes after pos already looked at
                for (;;) {
                    int i = pos + scanned;
                    while (i < limit && buf[i] != '\n') i++;
                    if (i < limit) {
                        lineEnd = i;
                        break;
                    }
                    scanned = limit - pos;
                    if (total + scanned > maxFrameBytes) {
                        throw new IOException("a frame from the component is larger than stormcpp.max_frame_bytes ("
                                + maxFrameBytes + ")");
                    }
                    if (!fill(scanned + 1)) {
                        throw broken(frame.length() == 0 && limit == pos ? "No output read."
                                : "Currently read output: " + Msgpack.abbreviate(frame + new String(buf, pos, limit - pos, StandardCharsets.UTF_8)));
                    }
                }
                int length = lineEnd - pos;
                if (length > 0 && buf[lineEnd - 1] == '\r') length--;
                String line = new String(buf, pos, length, StandardCharsets.UTF_8);
                pos = lineEnd + 1;
                if (line.equals("end")) return frame.toString();
                total += length + 1;
                if (total > maxFrameBytes) {
                    throw new IOException("a frame from the component is larger than stormcpp.max_frame_bytes ("
                            + maxFrameBytes + ")");
                }
                if (frame.length() != 0) frame.append('\n');
                frame.append(line);
            }
        }
    }
}
