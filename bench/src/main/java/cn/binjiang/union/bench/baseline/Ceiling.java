package cn.binjiang.union.bench.baseline;

import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.bench.workload.BenchTopics;
import cn.binjiang.union.schema.codec.EventCodec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The decode ceiling: the preloaded topics read by plain Kafka consumers that do nothing but decode each
 * record with the codec, as many as the job has parallel tasks, on the same machine in the same
 * run. Nothing that reads and decodes these topics can be faster, so the job's throughput is
 * judged against it.
 */
public final class Ceiling {
    private Ceiling() {}

    public static Rate measure(BenchRun run, String bootstrap, long expected, int consumers) throws Exception {
        List<ParallelWork.Task> readers = BenchTopics.shares(run, consumers).stream()
                .<ParallelWork.Task>map(share -> decoded -> readAll(bootstrap, share, decoded, expected))
                .toList();
        return ParallelWork.run("ceiling: events decoded", expected, readers);
    }

    /** Reads its partitions to the end they had at the start, decoding every record. */
    private static void readAll(String bootstrap, List<TopicPartition> partitions, AtomicLong decoded, long expected)
            throws Exception {
        EventCodec codec = EventCodec.fromClasspath();
        BenchTopics.readToEnd(bootstrap, partitions, records -> {
            for (ConsumerRecord<byte[], byte[]> record : records) codec.decodeAny(record.value());
            if (decoded.addAndGet(records.count()) > expected)
                throw new IllegalStateException("read more records than were preloaded");
        });
    }
}
