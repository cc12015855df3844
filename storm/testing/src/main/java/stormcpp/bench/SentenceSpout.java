package stormcpp.bench;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * The word count's spout in plain Java, behaving like examples/wordcount's SentenceSpout: one
 * sentence per nextTuple with a message id, re-emitted when it fails; {@code
 * wordcount.sentences_per_second} (topology conf) caps the rate.
 */
public class SentenceSpout extends BaseRichSpout {
    private static final long serialVersionUID = 1L;
    static final String[] SENTENCES = {
        "the cow jumped over the moon", "an apple a day keeps the doctor away",
        "four score and seven years ago", "snow white and the seven dwarfs",
        "i am at two with nature",
    };

    private transient SpoutOutputCollector collector;
    private transient Map<Long, String> pending;
    private long nextId;
    private long intervalNanos;
    private long nextDue;

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        this.pending = new HashMap<>();
        Object rate = conf.get("wordcount.sentences_per_second");
        double perSecond = rate instanceof Number ? ((Number) rate).doubleValue() : 0;
        intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        nextDue = System.nanoTime();
    }

    @Override
    public void nextTuple() {
        if (intervalNanos > 0) {
            if (System.nanoTime() < nextDue) {
                return;
            }
            nextDue += intervalNanos;
        }
        long id = nextId++;
        String sentence = SENTENCES[(int) (id % SENTENCES.length)];
        pending.put(id, sentence);
        collector.emit(new Values(sentence), id);
    }

    @Override
    public void ack(Object id) {
        pending.remove(id);
    }

    @Override
    public void fail(Object id) {
        String sentence = pending.get(id);
        if (sentence != null) {
            collector.emit(new Values(sentence), id);
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("sentence"));
    }
}
