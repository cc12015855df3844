package stormcpp.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.junit.jupiter.api.Test;

/** What a bucket reports from the reports a stormcpp executable sends, and that bad ones are dropped, not thrown. */
class ComponentMetricsTest {
    // As ShellBolt hands them over: parsed by Storm's (json-smart) JSON reader.
    private static Object params(String json) {
        return JSONValue.parse(json);
    }

    @Test
    void aBucketSumsCountersKeepsGaugesAndMergesTimers() {
        ComponentMetrics m = new ComponentMetrics("split");
        assertNull(m.getValueAndReset(), "nothing reported yet");
        m.updateMetricFromRPC(params("{\"counters\":{\"n\":2},\"gauges\":{\"g\":1.5},"
                + "\"timers\":{\"t\":{\"count\":2,\"sum_ms\":3.0,\"min_ms\":1.0,\"max_ms\":2.0}}}"));
        m.updateMetricFromRPC(params("{\"counters\":{\"n\":3},\"gauges\":{\"g\":4},"
                + "\"timers\":{\"t\":{\"count\":1,\"sum_ms\":6.0,\"min_ms\":6.0,\"max_ms\":6.0}}}"));
        Map<String, Object> expected = new HashMap<>();
        expected.put("n", 5L);
        expected.put("g", 4.0);
        expected.put("t.count", 3L);
        expected.put("t.mean_ms", 3.0);
        expected.put("t.min_ms", 1.0);
        expected.put("t.max_ms", 6.0);
        assertEquals(expected, m.getValueAndReset());

        // the next bucket: counters restart at 0, gauges keep their value, idle timers count 0
        Map<String, Object> idle = new HashMap<>();
        idle.put("n", 0L);
        idle.put("g", 4.0);
        idle.put("t.count", 0L);
        assertEquals(idle, m.getValueAndReset());
    }

    @Test
    void malformedReportsAreDroppedNotThrown() {
        ComponentMetrics m = new ComponentMetrics("split");
        for (String bad : new String[] {"3", "{\"counters\":7}", "{\"counters\":{\"n\":1.5}}", "{\"gauges\":{\"g\":\"x\"}}",
                "{\"timers\":{\"t\":{\"count\":1}}}", "{\"timers\":{\"t\":5}}", "{\"histograms\":{\"h\":1}}"}) {
            m.updateMetricFromRPC(params(bad));
        }
        assertNull(m.getValueAndReset(), "no bad entry may be counted");
        // good entries next to bad ones still count
        m.updateMetricFromRPC(params("{\"counters\":{\"ok\":1,\"bad\":\"x\"}}"));
        Object value = m.getValueAndReset();
        assertTrue(value instanceof HashMap, "a HashMap: Kryo-serializable between workers");
        assertEquals(1L, ((Map<?, ?>) value).get("ok"));
        assertEquals(1, ((Map<?, ?>) value).size());
        assertTrue(m.getDimensions() instanceof HashMap);
    }
}
