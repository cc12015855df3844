package stormcpp.bench.pageviews;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * The page-view topology's ranking in plain Java, with the behaviour of examples/pageviews'
 * TopBolt: keeps the latest window count per kind and key; on each tick tuple emits, per kind,
 * the pageviews.top_n highest (ties by key). Acks at once.
 */
public class TopBolt extends TickedBolt {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private transient OutputCollector collector;
    private transient Map<String, Map<String, Long>> kinds;
    private long topN;
    private long windowSecs;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        kinds = new TreeMap<>();
        topN = number(conf, "pageviews.top_n", 10);
        windowSecs = number(conf, "pageviews.window_secs", 300);
    }

    @Override
    public void execute(Tuple tuple) {
        if (isTick(tuple)) {
            for (Map.Entry<String, Map<String, Long>> kind : kinds.entrySet()) {
                List<Map.Entry<String, Long>> ranked = new ArrayList<>(kind.getValue().entrySet());
                ranked.sort((a, b) -> !a.getValue().equals(b.getValue())
                        ? Long.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
                ArrayNode top = JSON.createArrayNode();
                for (Map.Entry<String, Long> e : ranked.subList(0, (int) Math.min(topN, ranked.size()))) {
                    top.addObject().put("key", e.getKey()).put("count", e.getValue());
                }
                ObjectNode message = JSON.createObjectNode();
                message.put("kind", kind.getKey());
                message.put("window_secs", windowSecs);
                message.set("top", top);
                collector.emit(new Values(kind.getKey(), message.toString()));
            }
        } else {
            Map<String, Long> counts = kinds.computeIfAbsent(tuple.getStringByField("kind"), k -> new HashMap<>());
            long n = ((Number) tuple.getValueByField("window_count")).longValue();
            if (n > 0) {
                counts.put(tuple.getStringByField("name"), n);
            } else {
                counts.remove(tuple.getStringByField("name"));
            }
        }
        collector.ack(tuple);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("key", "message"));
    }
}
