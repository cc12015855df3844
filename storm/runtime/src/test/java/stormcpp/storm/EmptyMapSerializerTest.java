package stormcpp.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.apache.storm.metric.api.IMetricsConsumer;
import org.apache.storm.serialization.SerializationFactory;
import org.apache.storm.utils.Utils;
import org.junit.jupiter.api.Test;

/** A metrics data point with no dimensions through the Kryo a worker uses, with and without the registration. */
class EmptyMapSerializerTest {
    private static Kryo workerKryo(boolean withRegistration) {
        Map<String, Object> conf = Utils.readDefaultConfig();
        if (withRegistration) {
            List<Object> registrations = new ArrayList<>();
            Map<String, Object> r = new HashMap<>();
            r.put(EmptyMapSerializer.TYPE, EmptyMapSerializer.class.getName());
            registrations.add(r);
            conf.put("topology.kryo.register", registrations);
        }
        return SerializationFactory.getKryo(conf);
    }

    private static IMetricsConsumer.DataPoint point() {
        // as Executor.metricsTick builds it for a metric with IMetric's default dimensions
        return new IMetricsConsumer.DataPoint("__emit-count", 3L, Collections.emptyMap());
    }

    @Test
    void stormsOwnKryoCannotSendIt() {
        Kryo kryo = workerKryo(false);
        assertThrows(RuntimeException.class, () -> kryo.writeClassAndObject(new Output(1024, -1), point()));
    }

    @Test
    void withTheRegistrationItCrossesWorkers() {
        Output out = new Output(1024, -1);
        workerKryo(true).writeClassAndObject(out, point());
        Object back = workerKryo(true).readClassAndObject(new Input(out.toBytes()));
        IMetricsConsumer.DataPoint p = (IMetricsConsumer.DataPoint) back;
        assertEquals("__emit-count", p.name);
        assertEquals(3L, p.value);
        assertEquals(Collections.emptyMap(), p.dimensions);
    }
}
