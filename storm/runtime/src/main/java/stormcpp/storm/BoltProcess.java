package stormcpp.storm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.storm.Constants;
import org.apache.storm.executor.Executor;
import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.ConfigUtils;
import org.apache.storm.utils.JCQueue;
import org.apache.storm.utils.ShellLogHandler;
import org.apache.storm.utils.ShellProcess;
import org.apache.storm.utils.ShellUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CppBolt}'s subprocess and the protocol with it: what Storm's ShellBolt does, with one
 * thread less on the hot path (docs/wire.md, "The bolt's Java side").
 *
 * <p>ShellBolt's executor thread queues each tuple for a writer thread, which wakes, writes it and
 * flushes it. Here the executor thread writes the tuple itself and flushes when its own input
 * queue is empty (or past the serializer's threshold); while more tuples wait, they go out in one
 * write. A second thread (the "writer" below) writes only what the reader thread must not block
 * on — task-id lists, heartbeats — and flushes anything left buffered every few milliseconds,
 * so no tuple waits on a flush that never comes. The reader thread is ShellBolt's: it reads the
 * component's messages and hands emits, acks and fails to the collector. Tuple ids are a counter's
 * decimal text, so the anchor lookups hash a few digits instead of a random 19-digit number.
 *
 * <p>Behaviour is ShellBolt's: the same messages on the wire (any multilang serializer), the same
 * heartbeats and subprocess timeout, errors reported through the collector, and a dead
 * subprocess halts the worker (status 11) outside local mode. Unlike ShellBolt, a subprocess that
 * ends because the bolt is being cleaned up is not reported as a death.
 */
final class BoltProcess {
    private static final Logger LOG = LoggerFactory.getLogger(BoltProcess.class);
    /** How often the writer thread flushes what the executor left buffered. */
    private static final long SWEEP_MILLIS = 5;

    private final String[] command;
    private final OutputCollector collector;
    private final TopologyContext context;
    private final ShellProcess process;
    private final ShellLogHandler logHandler;
    private final boolean localMode;
    private final long timeoutMillis;
    private final Map<String, Tuple> inputs = new ConcurrentHashMap<>();
    /** Guards every write to the process (serializers are not thread-safe). */
    private final Object writeLock = new Object();
    /** The writer thread's work: task-id lists, in the order of the emits that asked. */
    private final LinkedBlockingQueue<List<Integer>> taskIds = new LinkedBlockingQueue<>();
    private final BoltMsg tupleMsg = new BoltMsg();
    private final Thread reader;
    private final Thread writer;
    private final ScheduledExecutorService watchdog;
    private long nextId;
    private volatile boolean running = true;
    private volatile Throwable exception;
    private volatile long lastHeard;
    private long lastHeartbeatSent;

    BoltProcess(String[] command, Map<String, Object> topoConf, TopologyContext context, OutputCollector collector) {
        this.command = command;
        this.collector = collector;
        this.context = context;
        localMode = ConfigUtils.isLocalMode(topoConf);
        timeoutMillis = Subprocess.timeoutMillis(topoConf);
        process = Subprocess.launch(command, topoConf, context, LOG);
        logHandler = ShellUtils.getLogHandler(topoConf);
        logHandler.setUpContext(ShellBolt.class, process, context);
        if (process.serializer instanceof MsgpackSerializer) {
            ((MsgpackSerializer) process.serializer).watchBacklog(inputQueueOf(collector));
        }
        lastHeard = System.currentTimeMillis();
        lastHeartbeatSent = lastHeard;
        String name = context.getThisComponentId() + "-" + context.getThisTaskId();
        reader = new Thread(this::readLoop, "stormcpp-reader-" + name);
        writer = new Thread(this::writeLoop, "stormcpp-writer-" + name);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
        // Apart from the writer, which can block on a full pipe to a hung subprocess.
        watchdog = Subprocess.watchdog(name, () -> {
            if (System.currentTimeMillis() - lastHeard > timeoutMillis) {
                die(new RuntimeException("subprocess heartbeat timeout"));
            }
        });
    }

    /** The executor thread: the tuple to the process, flushed unless more input is waiting. */
    void execute(Tuple input) {
        if (exception != null) throw new RuntimeException(exception);
        String id = Long.toString(++nextId);
        inputs.put(id, input);
        tupleMsg.setId(id);
        tupleMsg.setComp(input.getSourceComponent());
        tupleMsg.setStream(input.getSourceStreamId());
        tupleMsg.setTask(input.getSourceTask());
        tupleMsg.setTuple(input.getValues());
        try {
            synchronized (writeLock) {
                process.serializer.writeBoltMsg(tupleMsg);
            }
        } catch (Throwable t) {
            die(t);
        }
    }

    /** Ends the subprocess, then waits (a few seconds at most) for the reader and writer to end. */
    void cleanup() {
        running = false;
        watchdog.shutdownNow();
        writer.interrupt();
        reader.interrupt();
        process.destroy();
        try {
            reader.join(5_000);
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inputs.clear();
    }

    private void readLoop() {
        while (running) {
            try {
                ShellMsg msg = process.readShellMsg();
                lastHeard = System.currentTimeMillis();
                if (msg.getCommand() == null) throw new IllegalArgumentException("Command not found in bolt message: " + msg);
                switch (msg.getCommand()) {
                    case "emit":
                        emit(msg);
                        break;
                    case "ack":
                        collector.ack(take(msg.getId(), "Acked"));
                        break;
                    case "fail":
                        collector.fail(take(msg.getId(), "Failed"));
                        break;
                    case "error":
                        collector.reportError(new Exception("Shell Process Exception: " + msg.getMsg()));
                        break;
                    case "log":
                        logHandler.log(msg);
                        break;
                    case "metrics":
                        Subprocess.updateMetric(context, msg);
                        break;
                    default:  // sync (the answer to a heartbeat): lastHeard is all it does
                        break;
                }
            } catch (Throwable t) {
                die(t);
            }
        }
    }

    private Tuple take(Object id, String what) {
        Tuple tuple = inputs.remove(String.valueOf(id));
        if (tuple == null) throw new RuntimeException(what + " a non-existent or already acked/failed id: " + id);
        return tuple;
    }

    private void emit(ShellMsg msg) {
        List<String> ids = msg.getAnchors();
        List<Tuple> anchors = new ArrayList<>(ids == null ? 0 : ids.size());
        if (ids != null) {
            for (String id : ids) {
                Tuple anchor = inputs.get(id);
                if (anchor == null) throw new RuntimeException("Anchored onto " + id + " after ack/fail");
                anchors.add(anchor);
            }
        }
        if (msg.getTask() != 0) {
            collector.emitDirect((int) msg.getTask(), msg.getStream(), anchors, msg.getTuple());
            return;
        }
        List<Integer> tasks = collector.emit(msg.getStream(), anchors, msg.getTuple());
        if (msg.areTaskIdsNeeded()) taskIds.add(tasks);
    }


    /**
     * Task-id lists as the reader asks for them; a heartbeat every second; every few milliseconds
     * what the executor left buffered and what the subprocess wrote to stderr.
     */
    private void writeLoop() {
        while (running) {
            try {
                List<Integer> tasks = taskIds.poll(SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                synchronized (writeLock) {
                    if (tasks != null) process.serializer.writeTaskIds(tasks);
                    long now = System.currentTimeMillis();
                    if (now - lastHeartbeatSent >= 1000) {
                        process.serializer.writeBoltMsg(heartbeat());
                        lastHeartbeatSent = now;
                    }
                    if (process.serializer instanceof MsgpackSerializer && taskIds.isEmpty()) {
                        ((MsgpackSerializer) process.serializer).flush();
                    }
                }
                process.logErrorStream();
            } catch (InterruptedException e) {
                // cleanup: the loop ends
            } catch (Throwable t) {
                die(t);
            }
        }
    }

    private static BoltMsg heartbeat() {
        BoltMsg msg = new BoltMsg();
        msg.setId("-1");
        msg.setTask(Constants.SYSTEM_TASK_ID);
        msg.setStream(ShellBolt.HEARTBEAT_STREAM_ID);
        msg.setTuple(new ArrayList<>());
        return msg;
    }

    private void die(Throwable cause) {
        if (!running) {
            LOG.debug("subprocess {} stopped with the bolt: {}", Arrays.toString(command), cause.toString());
            return;
        }
        String info = process.getProcessInfoString() + process.getProcessTerminationInfoString();
        exception = new RuntimeException(info, cause);
        // ShellBolt's words, which operators' alerts look for
        LOG.error("Halting process: ShellBolt died (stormcpp.storm.BoltProcess). Command: {}, ProcessInfo {}",
                Arrays.toString(command), info, cause);
        collector.reportError(cause);
        if (!localMode) System.exit(11);
        running = false;  // local mode: the next execute throws, and the executor ends the worker
    }

    /**
     * Whether the executor has more tuples waiting: reads two private fields of Storm's
     * OutputCollector and BoltOutputCollectorImpl. If a Storm version renames them, every tuple
     * is flushed on its own (and a warning says so).
     */
    private static BooleanSupplier inputQueueOf(OutputCollector collector) {
        try {
            Object delegate = MsgpackSerializer.field(OutputCollector.class, "delegate").get(collector);
            JCQueue queue = ((Executor) MsgpackSerializer.field(delegate.getClass(), "executor").get(delegate)).getReceiveQueue();
            return () -> queue.size() > 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("stormcpp.storm.CppBolt cannot see this Storm's executor queue ({}): every tuple is flushed on its own",
                    e.toString());
            return () -> false;
        }
    }
}
