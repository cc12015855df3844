package stormcpp.storm;

import java.util.Collections;
import java.util.Map;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo serialization of {@code Collections.emptyMap()}, which Storm 2.8.3 does not register: every
 * V1 metric with no dimensions (IMetric's default, Storm's own built-in ones included) puts one in
 * its data points, and a worker sending them to a metrics consumer in another worker dies of
 * "Class is not registered: java.util.Collections$EmptyMap". The stormcpp command registers this
 * serializer ({@code topology.kryo.register}) whenever it registers a metrics consumer; a topology
 * of yours that registers consumers needs it too (docs/metrics.md). Writes nothing, reads the
 * shared empty map.
 */
@SuppressWarnings("rawtypes")
public final class EmptyMapSerializer extends Serializer<Map> {
    /** The class Kryo must be told about. */
    public static final String TYPE = "java.util.Collections$EmptyMap";

    public EmptyMapSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map map) {}

    @Override
    public Map read(Kryo kryo, Input input, Class<? extends Map> type) {
        return Collections.emptyMap();
    }
}
