package cn.binjiang.union.jobs.kpi;

import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import cn.binjiang.union.jobs.kpi.intake.ClickHouseReferenceData;
import cn.binjiang.union.jobs.kpi.intake.IntakeDeserializer;
import cn.binjiang.union.jobs.kpi.kafka.CellAdjustmentRecords;
import cn.binjiang.union.jobs.kpi.kafka.KafkaOutputs;
import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.jobs.kpi.rows.DeadLetterRows;
import cn.binjiang.union.jobs.kpi.rows.DuplicateEventRows;
import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.jobs.kpi.rows.RawEventRows;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseSink;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseSinkConfig;
import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.jobs.wiring.KafkaReachability;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.topic.CellAdjustment;
import cn.binjiang.union.schema.topic.Topic;
import cn.binjiang.union.settings.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the KPI job on Kafka and ClickHouse: {@code flink run} on a cluster, or a local MiniCluster
 * when started with {@code java} ({@code ./platform job start}). Settings: {@link KpiJobConfig}.
 */
public final class KpiJobMain {
    public static final String JOB_NAME = "union-kpi";
    private static final Logger LOG = LoggerFactory.getLogger(KpiJobMain.class);

    private KpiJobMain() {}

    public static void main(String[] args) throws Exception {
        Configuration config;
        try {
            config = KpiJobConfig.load(args, System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("kpi-job: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        // the operators say which checkpoint and late cut-off they restored; this says where it was read
        config.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                .ifPresentOrElse(
                        path -> LOG.info("starting from the state at {}", path),
                        () -> LOG.info(
                                "starting without a checkpoint: new state, Kafka offsets from the consumer group {}",
                                config.get(KpiJobOptions.KAFKA_GROUP_ID)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        new KpiJob(sources(config), sinks(config), config).buildOn(env);
        try (KafkaReachability kafka = KafkaReachability.watch(config.get(KafkaOptions.BOOTSTRAP_SERVERS))) {
            env.execute(JOB_NAME);
        }
    }

    public static KpiJob.Sources sources(Configuration config) {
        return new KpiJob.Sources(intake(config), adjustments(config));
    }

    /** The five stream topics, offsets committed on each checkpoint; a new group starts at the beginning. */
    static KafkaSource<Intake> intake(Configuration config) {
        String prefix = config.get(KafkaOptions.TOPIC_PREFIX);
        return KafkaSource.<Intake>builder()
                .setBootstrapServers(config.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(
                        EventStream.all().stream().map(s -> prefix + s.name()).toList())
                .setGroupId(config.get(KpiJobOptions.KAFKA_GROUP_ID))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000")
                // Small chunks per partition, so that a backlog's partitions are read in turn: the consumer hands out
                // one partition's fetched chunk before the next one's, and with Kafka's 1 MB (thousands of events)
                // per partition a turn over 20 partitions took longer than the idleness timeout on two loaded cores:
                // a partition still holding backlog went idle and its events read as too late (BinjiangScenarioIT:
                // 1,668 too_late; 359 at 128 KB with the cores' time halved). 32 KB is two of the producers'
                // 16 KB batches, a turn of a few thousand events.
                .setProperty("max.partition.fetch.bytes", "32768")
                .setDeserializer(new IntakeDeserializer(
                        new ClickHouseReferenceData(
                                config.get(ClickHouseOptions.URL),
                                config.get(ClickHouseOptions.USER),
                                config.get(ClickHouseOptions.PASSWORD)),
                        config.get(KpiJobOptions.CLOCK_SKEW),
                        config.get(KpiJobOptions.HMAC_KEY),
                        prefix,
                        config.get(KpiJobOptions.MAX_RECORD_SIZE).getBytes()))
                .build();
    }

    /**
     * kpi rebuild's adjustments, only those of committed transactions (a rebuild that failed half-way sent nothing),
     * offsets committed on each checkpoint for kpi rebuild to see them applied. A new group starts at the end: an
     * adjustment is relative to the state it was counted against, which a job without a checkpoint does not have.
     */
    static KafkaSource<CellAdjustment> adjustments(Configuration config) {
        return KafkaSource.<CellAdjustment>builder()
                .setBootstrapServers(config.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(Topic.KPI_REBUILDS.withPrefix(config.get(KafkaOptions.TOPIC_PREFIX)))
                .setGroupId(config.get(KpiJobOptions.KAFKA_GROUP_ID))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new CellAdjustmentRecords())
                .build();
    }

    public static KpiJob.Sinks sinks(Configuration config) {
        ClickHouseSinkConfig clickhouse = ClickHouseOptions.sinkConfig(config);
        String bootstrap = config.get(KafkaOptions.BOOTSTRAP_SERVERS);
        String prefix = config.get(KafkaOptions.TOPIC_PREFIX);
        EventCodec codec = EventCodec.fromClasspath();
        Map<String, Sink<AcceptedEvent>> raw = new LinkedHashMap<>();
        for (EventStream<?> stream : EventStream.all()) {
            raw.put(stream.name(), new ClickHouseSink<>(clickhouse, new RawEventRows(stream, codec)));
        }
        return new KpiJob.Sinks(
                new ClickHouseSink<>(clickhouse, new KpiValueRows()),
                KafkaOutputs.kpiUpdates(bootstrap, prefix + config.get(KafkaOptions.KPI_UPDATES_TOPIC)),
                new ClickHouseSink<>(clickhouse, new DeadLetterRows()),
                KafkaOutputs.deadLetters(bootstrap, prefix + config.get(KafkaOptions.DEAD_LETTER_TOPIC)),
                new ClickHouseSink<>(clickhouse, new DuplicateEventRows()),
                raw);
    }
}
