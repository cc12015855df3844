package stormcpp.storm;

import java.util.Collections;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo serializer for {@code Collections.emptyMap()}. Storm 2.x sends v2 metrics to metrics
 * consumers as data points whose {@code dimensions} is that map, which Storm's Kryo does not
 * register: the first data point crossing workers kills the worker. {@link LocalRun} registers
 * this serializer so its statistics work with more than one worker.
 */
@SuppressWarnings("rawtypes")
public class EmptyMapSerializer extends Serializer {
    @Override
    public void write(Kryo kryo, Output output, Object object) {}

    // raw Class: overrides read(Kryo, Input, Class<T>) (Kryo 3, Storm 1.x) and
    // read(Kryo, Input, Class<? extends T>) (Kryo 5, Storm 2.x) alike
    @Override
    public Object read(Kryo kryo, Input input, Class type) {
        return Collections.emptyMap();
    }
}
