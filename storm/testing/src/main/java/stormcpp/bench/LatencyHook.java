package stormcpp.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.storm.hooks.BaseTaskHook;
import org.apache.storm.hooks.info.SpoutAckInfo;
import org.apache.storm.hooks.info.SpoutFailInfo;

/**
 * A task hook (topology.auto.task.hooks) that records every spout tuple's complete latency —
 * Storm's own measure, from the spout's emit to the acker's final ack, taken by the spout
 * executor whatever language the spout is in — in a 1 ms histogram. Local mode only: the
 * counters are static, read by {@link EndToEnd} in the same JVM.
 */
public class LatencyHook extends BaseTaskHook {
    private static final int MAX_MS = 60_000;
    private static final AtomicLongArray HISTOGRAM = new AtomicLongArray(MAX_MS + 1);
    static final AtomicLong ACKED = new AtomicLong();
    static final AtomicLong FAILED = new AtomicLong();
    static final AtomicLong UNTIMED = new AtomicLong();

    @Override
    public void spoutAck(SpoutAckInfo info) {
        ACKED.incrementAndGet();
        if (info.completeLatencyMs == null) {
            UNTIMED.incrementAndGet();
        } else {
            HISTOGRAM.incrementAndGet((int) Math.min(Math.max(info.completeLatencyMs, 0), MAX_MS));
        }
    }

    @Override
    public void spoutFail(SpoutFailInfo info) {
        FAILED.incrementAndGet();
    }

    static void resetHistogram() {
        for (int i = 0; i <= MAX_MS; i++) {
            HISTOGRAM.set(i, 0);
        }
    }

    /** Percentile {@code p} (0-100) of the latencies recorded since the last reset, in ms; -1 if none. */
    static long percentile(double p) {
        long total = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            total += HISTOGRAM.get(i);
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            seen += HISTOGRAM.get(i);
            if (seen >= Math.max(rank, 1)) {
                return i;
            }
        }
        return MAX_MS;
    }

    static double mean() {
        long total = 0;
        long sum = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            total += HISTOGRAM.get(i);
            sum += HISTOGRAM.get(i) * i;
        }
        return total == 0 ? -1 : (double) sum / total;
    }
}
