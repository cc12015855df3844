package stormcpp.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.utils.Utils;

/**
 * Verification sink: remembers, for each key (field 0), the latest value of field 1 when it is a
 * number (a running count), else how many times the key was seen.
 *
 * <p>In local mode the runner reads the static state directly (same JVM). On a cluster, set
 * {@code stormcpp.sink.file} in the topology config and the sink rewrites that file (atomically,
 * at most once a second, and on cleanup) with {@code received N}, {@code keys N} and the top keys.
 */
public class Sink extends BaseRichBolt {
    private static final long serialVersionUID = 1L;
    public static final String FILE_CONF = "stormcpp.sink.file";

    static final ConcurrentHashMap<String, Long> LATEST = new ConcurrentHashMap<>();
    static final AtomicLong RECEIVED = new AtomicLong();

    /** Tuples received so far by the sinks of this JVM (local mode). */
    public static long received() {
        return RECEIVED.get();
    }

    private transient OutputCollector collector;
    private transient String file;
    private transient long lastWrite;

    // raw Map: overrides prepare(Map) in Storm 1.x and prepare(Map<String, Object>) in 2.x alike
    @Override
    @SuppressWarnings("rawtypes")
    public void prepare(Map conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        Object f = conf.get(FILE_CONF);
        this.file = f == null ? null : f.toString();
    }

    @Override
    public void execute(Tuple tuple) {
        String key = String.valueOf(tuple.getValue(0));
        Object v = tuple.size() > 1 ? tuple.getValue(1) : null;
        if (v instanceof Number) {
            LATEST.merge(key, ((Number) v).longValue(), Math::max);
        } else {
            LATEST.merge(key, 1L, Long::sum);
        }
        RECEIVED.incrementAndGet();
        collector.ack(tuple);
        long now = System.currentTimeMillis();
        if (file != null && now - lastWrite >= 1000) {
            lastWrite = now;
            writeFile();
        }
    }

    @Override
    public void cleanup() {
        if (file != null) {
            writeFile();
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {}

    /** The keys with the highest values, best first. */
    static List<Map.Entry<String, Long>> top(int n) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(LATEST.entrySet());
        all.sort((a, b) -> b.getValue().equals(a.getValue())
                ? a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()));
        return all.subList(0, Math.min(n, all.size()));
    }

    private void writeFile() {
        StringBuilder sb = new StringBuilder();
        sb.append("received ").append(RECEIVED.get()).append('\n');
        sb.append("keys ").append(LATEST.size()).append('\n');
        for (Map.Entry<String, Long> e : top(20)) {
            sb.append(e.getValue()).append('\t').append(e.getKey()).append('\n');
        }
        try {
            File target = new File(file);
            File tmp = new File(target.getPath() + ".tmp");
            Files.write(tmp.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RuntimeException("stormcpp sink cannot write " + file, e);
        }
    }

    /** Component id of the sink {@link #attach} appends. */
    public static final String ID = "stormcpp-sink";

    /**
     * Appends a sink (parallelism 1, global grouping) reading {@code source}'s default stream.
     * It changes nothing upstream: it only observes what that component emits.
     */
    public static void attach(StormTopology topology, String source) {
        if (!topology.get_bolts().containsKey(source) && !topology.get_spouts().containsKey(source)) {
            throw new IllegalArgumentException("no component '" + source + "' to attach the sink to; components: "
                    + topology.get_spouts().keySet() + " " + topology.get_bolts().keySet());
        }
        Map<GlobalStreamId, Grouping> inputs = new java.util.HashMap<>();
        inputs.put(new GlobalStreamId(source, Utils.DEFAULT_STREAM_ID), Grouping.fields(new ArrayList<>()));
        ComponentCommon common = new ComponentCommon(inputs, new java.util.HashMap<String, StreamInfo>());
        common.set_parallelism_hint(1);
        topology.put_to_bolts(ID, new Bolt(ComponentObject.serialized_java(Utils.javaSerialize(new Sink())), common));
    }
}
