package cn.binjiang.union.bench.micro;

import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The intake's first step: a Kafka message of any stream to its record. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
    private EventCodec codec;
    private Rotation<byte[]> messages;

    @Setup
    public void setUp() {
        codec = EventCodec.fromClasspath();
        messages = new Rotation<>(SampleEvents.messages(codec));
    }

    @Benchmark
    public DecodedEvent decodeAny() throws EventDecodeException {
        return codec.decodeAny(messages.next());
    }
}
