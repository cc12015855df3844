package stormcpp.bench.pageviews;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * The page-view topology's parse in plain Java (Jackson, which Storm's classpath has), with the
 * behaviour of examples/pageviews' ParseBolt: a Kafka record's JSON value goes out as [url path,
 * referrer domain, visitor, ts]; a malformed one goes to stream "errors" as [key, message].
 * Anchored emits, then an ack.
 */
public class ParseBolt extends BaseRichBolt {
    private static final long serialVersionUID = 1L;
    static final int KEPT_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private transient OutputCollector collector;
    private long maxField;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        maxField = TickedBolt.number(conf, "pageviews.max_field_bytes", 2048);
    }

    static String referrerDomain(String referrer) {
        if (referrer.isEmpty()) {
            return "(direct)";
        }
        int start = referrer.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = referrer.length();
        for (char c : new char[] {'/', ':', '?', '#'}) {
            int i = referrer.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String host = referrer.substring(start, end).toLowerCase(java.util.Locale.ROOT);
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        return host.isEmpty() ? "(direct)" : host;
    }

    static String urlPath(String url) {
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                url = url.substring(0, i);
            }
        }
        return url;
    }

    private String problem(JsonNode event) {
        if (event == null || !event.isObject()) {
            return "not a JSON object";
        }
        for (String field : new String[] {"url", "visitor"}) {
            JsonNode v = event.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                return "no " + field + " (a non-empty string)";
            }
        }
        if (event.has("referrer") && !event.get("referrer").isTextual()) {
            return "referrer is not a string";
        }
        JsonNode ts = event.get("ts");
        if (ts == null || !ts.isIntegralNumber() || ts.asLong() <= 0) {
            return "no ts (milliseconds since the epoch)";
        }
        for (String field : new String[] {"url", "visitor", "referrer"}) {
            JsonNode v = event.get(field);
            if (v != null && v.asText().getBytes(StandardCharsets.UTF_8).length > maxField) {
                return field + " longer than pageviews.max_field_bytes (" + maxField + ")";
            }
        }
        return null;
    }

    @Override
    public void execute(Tuple record) {
        Object value = record.getValueByField("value");
        JsonNode event = null;
        String problem;
        if (!(value instanceof String)) {
            problem = "the record has no value";
        } else {
            try {
                event = JSON.readTree((String) value);
                problem = problem(event);
            } catch (java.io.IOException e) {
                problem = "not JSON";
            }
        }
        if (problem == null) {
            JsonNode referrer = event.get("referrer");
            collector.emit(record, new Values(urlPath(event.get("url").asText()),
                    referrerDomain(referrer == null ? "" : referrer.asText()),
                    event.get("visitor").asText(), event.get("ts").asLong()));
        } else {
            String text = String.valueOf(value);
            ObjectNode report = JSON.createObjectNode();
            report.put("error", problem);
            report.put("topic", record.getStringByField("topic"));
            report.put("partition", ((Number) record.getValueByField("partition")).intValue());
            report.put("offset", ((Number) record.getValueByField("offset")).longValue());
            report.put("event", text.length() > KEPT_BYTES ? text.substring(0, KEPT_BYTES) : text);
            report.put("truncated", text.length() > KEPT_BYTES);
            String key = record.getStringByField("topic") + "-" + record.getValueByField("partition") + "@"
                    + record.getValueByField("offset");
            collector.emit("errors", record, new Values(key, report.toString()));
        }
        collector.ack(record);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("url", "referrer", "visitor", "ts"));
        declarer.declareStream("errors", new Fields("key", "message"));
    }
}
