package cn.binjiang.union.bench.workload;

import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.operations.progress.Progress;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Fills the run's topics with {@code count} valid generated events before anything reads them, so
 * that the ceiling and the job read the same backlog. Their times are spread evenly over the
 * {@link #SPAN} up to now, in order with a few seconds of jitter (within the job's
 * out-of-orderness), as a backlog of real history would be: two years of per-day KPI cells.
 */
public final class Preload {
    static final Duration SPAN = Duration.ofDays(730);
    private static final long JITTER_MS = 2_000;
    private static final long SEED = 7;

    private Preload() {}

    /** The preloaded events' time span ends now; their latest event time is returned in {@link Loaded}. */
    public record Loaded(Rate rate, long lastEventTimeMs) {}

    public static Loaded run(BenchTopics topics, String bootstrap, long count) throws Exception {
        RandomEvents events = new RandomEvents(SEED, LoadReferenceData.roster());
        Random jitter = new Random(SEED);
        Instant now = Instant.now();
        long from = now.minus(SPAN).toEpochMilli();
        double step = (double) SPAN.toMillis() / count;
        AtomicReference<Exception> failure = new AtomicReference<>();
        Progress progress = new Progress("preload: events sent", count, System.err);
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = BenchTopics.producer(bootstrap, 50)) {
            for (long i = 0; i < count; i++) {
                long at = Math.min(
                        now.toEpochMilli(),
                        from + (long) (i * step) + (long) ((jitter.nextDouble() - 0.5) * JITTER_MS));
                producer.send(topics.record(events.any(Instant.ofEpochMilli(at))), (metadata, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
                if (failure.get() != null) throw failure.get();
                progress.update(i + 1);
            }
            producer.flush();
        }
        if (failure.get() != null) throw failure.get();
        progress.finish(count);
        return new Loaded(Rate.of(count, System.nanoTime() - started), now.toEpochMilli());
    }
}
