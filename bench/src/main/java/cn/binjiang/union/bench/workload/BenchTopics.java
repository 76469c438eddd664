package cn.binjiang.union.bench.workload;

import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.topic.Topic;
import cn.binjiang.union.seeds.command.SourceProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A run's topics on the stack's broker, and its events written to them as the producers in the field write them. */
public final class BenchTopics implements AutoCloseable {
    /** As many partitions as {@code ./platform up} gives the stack's own topics. */
    static final int PARTITIONS = 4;

    private static final Duration POLL = Duration.ofMillis(200);

    private final BenchRun run;
    private final Admin admin;
    private final EventCodec codec = EventCodec.fromClasspath();

    public BenchTopics(BenchRun run, String bootstrap) {
        this.run = run;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** The five event topics, the KPI job's two output topics and its kpi-rebuilds input under the same prefix. */
    public void create() throws ExecutionException, InterruptedException {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : allTopics()) {
            topics.add(new NewTopic(name, PARTITIONS, (short) 1));
        }
        admin.createTopics(topics).all().get();
    }

    public void delete() throws ExecutionException, InterruptedException {
        admin.deleteTopics(allTopics()).all().get();
    }

    /** Records on the run's kpi-updates topic: every KPI value the job emitted. */
    public long kpiUpdates() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++)
            ends.put(new TopicPartition(Topic.KPI_UPDATES.withPrefix(run.topicPrefix()), p), OffsetSpec.latest());
        return admin.listOffsets(ends).all().get().values().stream()
                .mapToLong(ListOffsetsResultInfo::offset)
                .sum();
    }

    private List<String> allTopics() {
        List<String> names = new ArrayList<>(run.eventTopics());
        names.add(Topic.KPI_UPDATES.withPrefix(run.topicPrefix()));
        names.add(Topic.DEAD_LETTER.withPrefix(run.topicPrefix()));
        names.add(Topic.KPI_REBUILDS.withPrefix(run.topicPrefix()));
        return names;
    }

    Admin admin() {
        return admin;
    }

    /** Keyed by event id and single-object encoded, like {@code ./platform generate}. */
    public ProducerRecord<byte[], byte[]> record(SpecificRecordBase event) {
        return SourceProducer.record(codec, run.topicPrefix(), event, null);
    }

    /** A producer batching for {@code lingerMs}: long for a bulk load, short where latency is measured. */
    /** The run's event partitions dealt out to {@code consumers} readers, as evenly as they go. */
    public static List<List<TopicPartition>> shares(BenchRun run, int consumers) {
        List<List<TopicPartition>> shares = new ArrayList<>();
        for (int c = 0; c < consumers; c++) shares.add(new ArrayList<>());
        int next = 0;
        for (String topic : run.eventTopics()) {
            for (int p = 0; p < PARTITIONS; p++) shares.get(next++ % consumers).add(new TopicPartition(topic, p));
        }
        return shares;
    }

    /** What a backlog reader does with each poll's records. */
    public interface PolledRecords {
        void accept(ConsumerRecords<byte[], byte[]> records) throws Exception;
    }

    /**
     * Reads {@code partitions} from their start to the end they had when it began, in large fetches, handing
     * each poll's records on.
     */
    public static void readToEnd(String bootstrap, List<TopicPartition> partitions, PolledRecords handler)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        "5000",
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                        Integer.toString(64 * 1024 * 1024),
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        Integer.toString(8 * 1024 * 1024)),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long remaining = consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            while (remaining > 0) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                handler.accept(records);
                remaining -= records.count();
            }
        }
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
        return SourceProducer.open(
                bootstrap,
                Map.of(
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        512 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        128L * 1024 * 1024));
    }

    @Override
    public void close() {
        admin.close();
    }
}
