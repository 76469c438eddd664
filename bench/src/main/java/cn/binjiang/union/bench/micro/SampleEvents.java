package cn.binjiang.union.bench.micro;

import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events every micro-benchmark works on: the generator's mix of all streams and event types,
 * drawn from the platform's roster with one fixed seed, so that the benchmarks' figures are costs
 * per event of the same mix.
 */
final class SampleEvents {
    /**
     * Enough distinct events that the JIT cannot specialise on one stream, type or message size;
     * a power of two, for {@link Rotation}.
     */
    static final int POOL_SIZE = 1024;

    private static final long SEED = 2024;

    private SampleEvents() {}

    /**
     * The pool as producers send it. The events occurred one a second up to now: the validator
     * rejects events from the future, and old ones would be unlike a live feed.
     */
    static List<byte[]> messages(EventCodec codec) {
        RandomEvents generator = new RandomEvents(SEED, LoadReferenceData.roster());
        Instant first = Instant.now().minusSeconds(POOL_SIZE);
        List<byte[]> messages = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            messages.add(codec.encode(generator.any(first.plusSeconds(i))));
        }
        return messages;
    }

    /**
     * The pool as the intake holds it after decoding: the steps after it see records read by Avro,
     * not the generator's builder output.
     */
    static List<DecodedEvent> decoded(EventCodec codec) {
        List<DecodedEvent> events = new ArrayList<>(POOL_SIZE);
        for (byte[] message : messages(codec)) {
            try {
                events.add(codec.decodeAny(message));
            } catch (EventDecodeException e) {
                throw new IllegalStateException("the codec cannot read back what it just wrote", e);
            }
        }
        return events;
    }
}
