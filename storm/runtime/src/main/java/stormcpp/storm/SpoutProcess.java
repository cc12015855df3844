package stormcpp.storm;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.ConfigUtils;
import org.apache.storm.utils.ShellLogHandler;
import org.apache.storm.utils.ShellProcess;
import org.apache.storm.utils.ShellUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CppSpout}'s subprocess and the protocol with it: what Storm's ShellSpout does, without
 * a round trip per command on the executor thread (docs/wire.md, "The spout's Java side").
 *
 * <p>ShellSpout writes each command ({@code next}, {@code ack}, {@code fail}) and then blocks the
 * executor thread until the process answers {@code sync}, so the process waits for a round trip
 * between every two {@code next}s, and the executor for one per ack. Here the commands are
 * pipelined: up to {@link #NEXTS_IN_FLIGHT} {@code next}s are unanswered at any time, so the
 * process finds its next {@code next} already waiting when it answers one; acks and fails are
 * written and not waited for. A reader thread reads what the process writes; the executor thread
 * hands its emits, errors and metrics to Storm (Storm's spout collector must be used from the
 * executor thread) each time Storm calls {@code nextTuple}. When a call finds nothing to hand on,
 * it waits until the process emits, or answers a {@code next} with nothing, as ShellSpout would
 * have: Storm idles a spout whose call emitted nothing, which only an idle process should cause.
 *
 * <p>Everything else is ShellSpout's: the same messages on the wire (any multilang serializer; a
 * process reads its commands one after another and answers each in order, so it cannot tell),
 * {@code activate}/{@code deactivate} answered before Storm goes on, the subprocess timeout
 * counted while a command is unanswered, a dead or stalled process reported and the worker ended
 * (status 11) outside local mode. Unlike ShellSpout, a process ending because the spout is being
 * closed is not reported as a death, and its stderr is logged once a second rather than looked at
 * after every command.
 */
final class SpoutProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SpoutProcess.class);
    /** How many {@code next} commands may wait for their answer: one being answered, one queued. */
    static final int NEXTS_IN_FLIGHT = 2;
    /** How long nextTuple waits for a message before it looks at the process's state again. */
    private static final long POLL_MILLIS = 100;

    private final String[] command;
    private final SpoutOutputCollector collector;
    private final TopologyContext context;
    private final ShellProcess process;
    private final ShellLogHandler logHandler;
    private final boolean localMode;
    private final long timeoutMillis;
    /** Whether acks go to the process in batches with no answer (the msgpack wire's {@code acks}). */
    private final boolean acksBatched;
    /** What the reader thread read, for the executor thread; logs excepted. */
    private final LinkedBlockingQueue<ShellMsg> messages = new LinkedBlockingQueue<>();
    /** The executor thread's: the commands written and not yet answered, in order. */
    private final ArrayDeque<String> unanswered = new ArrayDeque<>();
    private final SpoutMsg spoutMsg = new SpoutMsg();
    private final Thread reader;
    private final ScheduledExecutorService watchdog;
    private int nextsInFlight;
    /** Emits handled since the process's last answer: none at a next's answer means it had nothing to emit. */
    private long emitsSinceAnswer;
    /** Commands written that want an answer (executor), and answers read (reader): for the watchdog. */
    private volatile long asked;
    private volatile long answered;
    private volatile boolean running = true;
    private volatile RuntimeException exception;
    private volatile long lastHeard;

    SpoutProcess(String[] command, Map<String, Object> topoConf, TopologyContext context, SpoutOutputCollector collector) {
        this.command = command;
        this.collector = collector;
        this.context = context;
        localMode = ConfigUtils.isLocalMode(topoConf);
        timeoutMillis = Subprocess.timeoutMillis(topoConf);
        process = Subprocess.launch(command, topoConf, context, LOG);
        logHandler = ShellUtils.getLogHandler(topoConf);
        logHandler.setUpContext(ShellSpout.class, process, context);
        acksBatched = process.serializer instanceof MsgpackSerializer
                && ((MsgpackSerializer) process.serializer).pipelineAcks();
        lastHeard = System.currentTimeMillis();
        String name = context.getThisComponentId() + "-" + context.getThisTaskId();
        reader = new Thread(this::readLoop, "stormcpp-reader-" + name);
        reader.setDaemon(true);
        reader.start();
        watchdog = Subprocess.watchdog(name, this::watch);
    }

    /**
     * Hands on what the process emitted and keeps {@link #NEXTS_IN_FLIGHT} {@code next}s asked.
     * Returns once something was emitted, or once the process answered a {@code next} with
     * nothing: only then does Storm see a call without emits and idle the spout (its wait
     * strategy sleeps a millisecond), as under ShellSpout.
     */
    void nextTuple() {
        try {
            boolean done = drain();
            askNexts();
            while (!done) {
                check();
                ShellMsg msg = messages.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (msg != null) {
                    done = handle(msg) | drain();
                    askNexts();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void askNexts() {
        while (nextsInFlight < NEXTS_IN_FLIGHT) {
            ask("next", "");
            nextsInFlight++;
        }
    }

    void ack(Object msgId) {
        if (!acksBatched) {
            ask("ack", msgId);
            return;
        }
        check();
        try {
            MsgpackSerializer serializer = (MsgpackSerializer) process.serializer;
            serializer.writeSpoutMsg(command("ack", msgId));  // batched: written before the next command
            if (nextsInFlight == 0) serializer.flushAcks();  // none is coming soon (deactivated, or at max pending)
        } catch (Throwable t) {
            throw die(t);
        }
    }

    void fail(Object msgId) {
        ask("fail", msgId);
    }

    void activate() {
        lastHeard = System.currentTimeMillis();
        ask("activate", "");
        awaitAnswers();
    }

    void deactivate() {
        ask("deactivate", "");
        awaitAnswers();
    }

    /** Ends the subprocess, then waits (a few seconds at most) for the reader to end. */
    void close() {
        running = false;
        watchdog.shutdownNow();
        reader.interrupt();
        process.destroy();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SpoutMsg command(String name, Object id) {
        spoutMsg.setCommand(name);
        spoutMsg.setId(id);
        return spoutMsg;
    }

    /** Writes a command that the process answers with a sync. */
    private void ask(String name, Object id) {
        check();
        if (answered >= asked) lastHeard = System.currentTimeMillis();  // the timeout counts from now
        unanswered.add(name);
        asked++;
        try {
            process.serializer.writeSpoutMsg(command(name, id));
        } catch (Throwable t) {
            throw die(t);
        }
    }

    /** Handles every message waiting; true if one was an emit or an empty next's answer. */
    private boolean drain() {
        boolean done = false;
        for (ShellMsg msg = messages.poll(); msg != null; msg = messages.poll()) done |= handle(msg);
        return done;
    }

    /** Until every command written has its answer, handling what comes meanwhile. */
    private void awaitAnswers() {
        try {
            while (!unanswered.isEmpty()) {
                check();
                ShellMsg msg = messages.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (msg != null) handle(msg);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One message from the process, on the executor thread; true if an emit, or the answer to a
     * {@code next} that emitted nothing (the process answers in order: a next's emits come
     * before its sync).
     */
    private boolean handle(ShellMsg msg) {
        try {
            switch (msg.getCommand()) {
                case "sync": {
                    boolean empty = emitsSinceAnswer == 0;  // what came since the last answer was this command's
                    emitsSinceAnswer = 0;
                    if (!"next".equals(unanswered.poll())) return false;
                    nextsInFlight--;
                    return empty;
                }
                case "emit":
                    emit(msg);
                    emitsSinceAnswer++;
                    return true;
                case "error":
                    collector.reportError(new Exception("Shell Process Exception: " + msg.getMsg()));
                    return false;
                case "metrics":
                    Subprocess.updateMetric(context, msg);
                    return false;
                default:
                    throw new IllegalArgumentException("Unknown command received from the spout process: " + msg.getCommand());
            }
        } catch (Throwable t) {
            throw die(t);
        }
    }

    private void emit(ShellMsg msg) throws Exception {
        String stream = msg.getStream();
        List<Object> tuple = msg.getTuple();
        Object messageId = msg.getId();
        if (msg.getTask() != 0) {
            collector.emitDirect((int) msg.getTask(), stream, tuple, messageId);
            return;
        }
        List<Integer> tasks = collector.emit(stream, tuple, messageId);
        if (msg.areTaskIdsNeeded()) process.serializer.writeTaskIds(tasks);
    }


    private void readLoop() {
        while (running) {
            try {
                ShellMsg msg = process.readShellMsg();
                lastHeard = System.currentTimeMillis();
                String name = msg.getCommand();
                if (name == null) throw new IllegalArgumentException("Command not found in spout message: " + msg);
                if (name.equals("log")) {
                    logHandler.log(msg);
                    continue;
                }
                if (name.equals("sync")) answered++;  // only this thread writes it
                messages.add(msg);
            } catch (Throwable t) {
                die(t);
            }
        }
    }

    /** Every second: the process's stderr to the log, and the timeout while a command waits for its answer. */
    private void watch() {
        try {
            process.logErrorStream();
        } catch (RuntimeException e) {
            LOG.debug("reading the spout process's stderr", e);
        }
        if (answered >= asked) {  // nothing waits for an answer (a stray sync makes it greater)
            lastHeard = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - lastHeard > timeoutMillis) {
            die(new RuntimeException("subprocess heartbeat timeout"));
        }
    }

    private void check() {
        RuntimeException e = exception;
        if (e != null) throw e;
    }

    /** Reports the process dead (once) and returns the exception the executor thread throws. */
    private synchronized RuntimeException die(Throwable cause) {
        if (exception != null) return exception;
        String info = process.getProcessInfoString() + process.getProcessTerminationInfoString();
        exception = new RuntimeException(info, cause);
        if (!running) {
            LOG.debug("subprocess {} stopped with the spout: {}", Arrays.toString(command), cause.toString());
            return exception;
        }
        // ShellSpout's words, which operators' alerts look for
        LOG.error("Halting process: ShellSpout died (stormcpp.storm.SpoutProcess). Command: {}, ProcessInfo {}",
                Arrays.toString(command), info, cause);
        collector.reportError(cause);
        if (!localMode) System.exit(11);
        running = false;  // local mode: the executor thread throws, and the executor ends the worker
        return exception;
    }
}
