package stormcpp.bench.pageviews;

import java.util.HashMap;
import java.util.Map;

import org.apache.storm.Constants;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.tuple.Tuple;

/**
 * A bolt with a component config a spec can set ({@code addComponentConfig}, as on Flux's shell
 * bolts and stormcpp.storm.CppBolt): the counters and the ranking get their tick tuples from it.
 */
public abstract class TickedBolt extends BaseRichBolt {
    private static final long serialVersionUID = 1L;
    private final Map<String, Object> componentConfig = new HashMap<>();

    public void addComponentConfig(String key, Object value) {
        componentConfig.put(key, value);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return componentConfig;
    }

    static boolean isTick(Tuple tuple) {
        return Constants.SYSTEM_COMPONENT_ID.equals(tuple.getSourceComponent())
                && Constants.SYSTEM_TICK_STREAM_ID.equals(tuple.getSourceStreamId());
    }

    static long number(Map<String, Object> conf, String key, long otherwise) {
        Object v = conf.get(key);
        return v instanceof Number ? ((Number) v).longValue() : otherwise;
    }
}
