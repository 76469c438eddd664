package cn.binjiang.union.bench;

import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.seeds.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: the preloaded topics read by plain Kafka consumers that do nothing but decode each
 * record with the codec, as many as the job has parallel tasks, on the same machine in the same
 * run. Nothing that reads and decodes these topics can be faster, so the job's throughput is
 * judged against it.
 */
final class Ceiling {
    private static final Duration POLL = Duration.ofMillis(200);

    private Ceiling() {}

    static Rate measure(BenchRun run, String bootstrap, long expected, int consumers) throws Exception {
        List<List<TopicPartition>> shares = new ArrayList<>();
        for (int c = 0; c < consumers; c++) shares.add(new ArrayList<>());
        int next = 0;
        for (String topic : run.eventTopics()) {
            for (int p = 0; p < BenchTopics.PARTITIONS; p++) shares.get(next++ % consumers).add(new TopicPartition(topic, p));
        }
        AtomicLong decoded = new AtomicLong();
        Progress progress = new Progress("ceiling: events decoded", expected, System.err);
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        long started = System.nanoTime();
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (List<TopicPartition> share : shares) {
                readers.add(pool.submit(() -> readAll(bootstrap, share, decoded, expected)));
            }
            while (!readers.stream().allMatch(Future::isDone)) {
                progress.update(decoded.get());
                Thread.sleep(200);
            }
            for (Future<?> reader : readers) reader.get();
        } finally {
            pool.shutdownNow();
        }
        long nanos = System.nanoTime() - started;
        progress.finish(decoded.get());
        return Rate.of(decoded.get(), nanos);
    }

    /** Reads its partitions to the end they had at the start, decoding every record. */
    private static Void readAll(String bootstrap, List<TopicPartition> partitions, AtomicLong decoded, long expected) throws Exception {
        EventCodec codec = EventCodec.fromClasspath();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long remaining = ends.values().stream().mapToLong(Long::longValue).sum();
            while (remaining > 0) {
                int batch = 0;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    codec.decodeAny(record.value());
                    batch++;
                }
                remaining -= batch;
                if (decoded.addAndGet(batch) > expected) throw new IllegalStateException("read more records than were preloaded");
            }
        }
        return null;
    }
}
