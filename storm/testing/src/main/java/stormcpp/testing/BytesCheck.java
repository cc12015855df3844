package stormcpp.testing;

import java.util.Arrays;
import java.util.Map;

import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;

/**
 * A Java bolt of tests/storm/wirecheck.yaml: acks a tuple {@code [n, payload]} when the payload
 * is a {@code byte[]} holding exactly {@link #payload}(n) (with {@code wirecheck.payload: hex},
 * a String of its hex digits), fails it otherwise and reports why, so the spout's acked count
 * shows whether bytes from a C++ component reach Java as bytes.
 */
public class BytesCheck extends BaseRichBolt {
    private static final long serialVersionUID = 1L;
    private transient OutputCollector collector;
    private transient boolean hex;

    /** The same bytes as tests/storm/wirecheck.cpp's payload(n). */
    static byte[] payload(long n) {
        byte[] bytes = new byte[(int) (n % 300 + 1)];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) ((n * 31 + i * 7L) & 0xff);
        return bytes;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        this.hex = "hex".equals(conf.get("wirecheck.payload"));
    }

    private static String hexOf(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(String.format("%02x", b & 0xff));
        return s.toString();
    }

    @Override
    public void execute(Tuple tuple) {
        long n = ((Number) tuple.getValue(0)).longValue();
        Object value = tuple.getValue(1);
        boolean right = hex ? hexOf(payload(n)).equals(value)
                : value instanceof byte[] && Arrays.equals((byte[]) value, payload(n));
        if (right) {
            collector.ack(tuple);
            return;
        }
        collector.reportError(new IllegalStateException("tuple " + n + ": expected " + payload(n).length
                + " bytes" + (hex ? " in hex" : "") + ", got "
                + (value == null ? "null" : value.getClass().getName() + " " + value)));
        collector.fail(tuple);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}
}
