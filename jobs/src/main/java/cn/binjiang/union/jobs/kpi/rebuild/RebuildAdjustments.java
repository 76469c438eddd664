package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.schema.topic.CellAdjustment;
import cn.binjiang.union.schema.topic.CellAdjustmentJson;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The kpi-rebuilds topic as a rebuild uses it: its adjustments sent in one Kafka transaction, which the KPI job reads
 * committed only, and what the job has applied of it.
 *
 * <p>One transactional id for every rebuild of the platform: opening this fences a rebuild still running (its commit
 * then fails and it changes nothing), so that two rebuilds never adjust the same state against two cuts.
 */
final class RebuildAdjustments implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final String jobGroup;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> committed;
    private final Admin admin;

    /**
     * @param topic kpi-rebuilds with the job's prefix
     * @param jobGroup the KPI job's consumer group: it commits its offsets of the topic on every checkpoint
     */
    RebuildAdjustments(String bootstrapServers, String topic, String jobGroup) {
        this.topic = topic;
        this.jobGroup = jobGroup;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        topic + "-rebuild",
                        // the rows' INSERTs run inside the transaction: minutes for millions of cells
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        (int) Duration.ofMinutes(10).toMillis()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        this.committed = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        producer.initTransactions();
    }

    /**
     * Whether a savepoint that had read kpi-rebuilds up to {@code read} holds every adjustment committed so far:
     * no committed record lies between there and the topic's end. (Offsets alone cannot tell: a transaction's commit
     * marker takes an offset no record has.)
     */
    boolean noneCommittedAfter(TopicCut read, Duration timeout) {
        List<TopicPartition> partitions = partitions();
        committed.assign(partitions);
        Map<TopicPartition, Long> end = committed.endOffsets(partitions);
        for (TopicPartition p : partitions) committed.seek(p, Math.min(read.nextOf(p), end.get(p)));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(p -> committed.position(p) < end.get(p))) {
            if (!committed.poll(POLL).isEmpty()) return false;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + topic + " up to its end took longer than " + timeout);
            }
        }
        return true;
    }

    /**
     * Sends {@code adjustments} in one transaction, runs {@code inTransaction} before committing it (the transaction is
     * aborted if it fails: the job then sees none of them), and returns per partition the offset after the last one.
     */
    Map<TopicPartition, Long> send(List<CellAdjustment> adjustments, Step inTransaction) throws Exception {
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> sent = adjustments.stream()
                    .map(a -> producer.send(
                            new ProducerRecord<>(topic, CellAdjustmentJson.key(a), CellAdjustmentJson.write(a))))
                    .toList();
            producer.flush();
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Future<RecordMetadata> one : sent) {
                RecordMetadata at = one.get();
                ends.merge(new TopicPartition(at.topic(), at.partition()), at.offset() + 1, Math::max);
            }
            inTransaction.run();
            producer.commitTransaction();
            return ends;
        } catch (Exception e) {
            producer.abortTransaction();
            throw e;
        }
    }

    /** What runs inside the transaction, before its commit. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /**
     * Waits until the KPI job has committed its offsets of kpi-rebuilds past {@code ends}: a checkpoint holds the
     * adjustments, and the rows they gave are in ClickHouse (every sink flushes before the checkpoint's barrier).
     */
    void awaitApplied(Map<TopicPartition, Long> ends, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> job = admin.listConsumerGroupOffsets(jobGroup)
                    .partitionsToOffsetAndMetadata()
                    .get();
            if (ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata at = job.get(end.getKey());
                return at != null && at.offset() >= end.getValue();
            })) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the KPI job has not checkpointed the adjustments within " + timeout
                        + " (its group " + jobGroup + " is at " + job + "): they are committed and it applies them"
                        + " when it runs");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private List<TopicPartition> partitions() {
        return committed.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    @Override
    public void close() {
        producer.close();
        committed.close();
        admin.close();
    }
}
