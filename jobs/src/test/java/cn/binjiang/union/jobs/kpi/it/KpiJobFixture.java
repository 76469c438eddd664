package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.jobs.kpi.KpiJob;
import cn.binjiang.union.jobs.kpi.KpiJobMain;
import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.kpi.rebuild.KpiRebuild;
import cn.binjiang.union.jobs.kpi.rebuild.RebuildScope;
import cn.binjiang.union.jobs.kpi.rebuild.RunningJob;
import cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse;
import cn.binjiang.union.operations.accounting.JobProgress;
import cn.binjiang.union.operations.accounting.JobProgressProbe;
import cn.binjiang.union.operations.accounting.StreamAccount;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.topic.Topic;
import cn.binjiang.union.seeds.command.SourceProducer;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.reference.ReferenceTables;
import cn.binjiang.union.seeds.truth.StoredCells;
import cn.binjiang.union.testkit.TestClickHouse;
import cn.binjiang.union.testkit.TestKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What every KPI job integration test sets up: its own topics (by prefix) on the shared broker,
 * its own ClickHouse database with the migrations and the reference data, a producer that writes
 * events as real producers do, and readers of what landed.
 *
 * <p>Longer than 300 lines on purpose: it is the one set-up every KPI job integration test shares.
 */
final class KpiJobFixture implements AutoCloseable {
    /** Partitions of each of the fixture's stream topics. */
    static final int PARTITIONS = 4;

    final String prefix;
    final String database;
    final TestClickHouse clickhouse;
    final String bootstrap;
    private final EventCodec codec = EventCodec.fromClasspath();
    private final KafkaProducer<byte[], byte[]> producer;
    /** Records sent per stream topic (by stream name), whatever they hold. */
    private final Map<String, Long> sent = new HashMap<>();
    /** Sends not yet known to be acknowledged: {@link #flush()} fails on any the broker refused. */
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();

    private Path checkpoints;

    KpiJobFixture(String name, List<RosterEnterprise> roster) throws Exception {
        this(name, roster, TestClickHouse.shared());
    }

    KpiJobFixture(String name, List<RosterEnterprise> roster, TestClickHouse clickhouse) throws Exception {
        this.prefix = TestKafka.topicPrefix(name);
        this.database = name.replace('-', '_');
        this.clickhouse = clickhouse;
        this.bootstrap = TestKafka.shared().bootstrapServers();
        MigratedClickHouse.freshDatabase(clickhouse, database);
        try (Connection c = clickhouse.connect(database)) {
            ReferenceTables.load(c, roster);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (EventStream<?> s : EventStream.all())
                topics.add(new NewTopic(prefix + s.name(), PARTITIONS, (short) 1));
            topics.add(new NewTopic(Topic.KPI_UPDATES.withPrefix(prefix), 4, (short) 1));
            topics.add(new NewTopic(Topic.DEAD_LETTER.withPrefix(prefix), 4, (short) 1));
            topics.add(new NewTopic(Topic.KPI_REBUILDS.withPrefix(prefix), 2, (short) 1));
            admin.createTopics(topics).all().get();
        }
        producer = SourceProducer.open(bootstrap);
    }

    /**
     * The job's settings for this fixture's topics and database, demo key, fast checkpoints; {@code extra} as --key
     * value pairs.
     */
    Configuration config(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--platform.mode", "demo",
                "--kafka.bootstrap-servers", bootstrap,
                "--kafka.topic-prefix", prefix,
                "--kafka.group-id", group(),
                "--clickhouse.url", clickhouse.jdbcUrl(database),
                "--execution.checkpointing.interval", "2 s",
                "--execution.checkpointing.tolerable-failed-checkpoints", "1000",
                "--pipeline.generic-types", "false",
                "--parallelism.default", "2",
                // short, so the test also shows that alignment keeps a backlog from being taken for idle
                "--kpi.source-idleness", "3 s"));
        args.addAll(List.of(extra));
        return KpiJobConfig.load(args.toArray(String[]::new), Map.of());
    }

    /**
     * {@link #config} for a job that is stopped and started again: checkpoints into this fixture's
     * folder, kept when the job is cancelled (as {@code ./platform job stop} leaves them), so
     * {@link #latestCheckpoint()} can resume it.
     */
    Configuration restartableConfig(String... extra) throws IOException {
        if (checkpoints == null) checkpoints = Files.createTempDirectory(Path.of("target"), prefix + "checkpoints-");
        List<String> args = new ArrayList<>(List.of(
                "--execution.checkpointing.dir",
                checkpoints.toUri().toString(),
                "--execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION"));
        args.addAll(List.of(extra));
        return config(args.toArray(String[]::new));
    }

    /**
     * The newest completed checkpoint (its metadata written) of the jobs started with {@link #restartableConfig}, as a
     * URI.
     */
    String latestCheckpoint() throws IOException {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata")
                            && p.getParent().getFileName().toString().startsWith("chk-"))
                    .map(Path::getParent)
                    .max(Comparator.comparingLong(
                            p -> checkpointNumber(p.toUri().toString())))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint in " + checkpoints))
                    .toUri()
                    .toString();
        }
    }

    /**
     * Waits until a checkpoint started after this call has completed, so that it holds the state
     * (and the watermark's late cut-off) the job has reached now.
     */
    void awaitFreshCheckpoint() throws IOException {
        String now = latestCheckpoint();
        await().atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> checkpointNumber(latestCheckpoint()) >= checkpointNumber(now) + 2);
    }

    private static long checkpointNumber(String uri) {
        String dir = Path.of(URI.create(uri)).getFileName().toString();
        return Long.parseLong(dir.substring("chk-".length()));
    }

    /** {@link #restartableConfig} resumed from {@code state}, a checkpoint's or a savepoint's path. */
    Configuration resumedFrom(String state) throws IOException {
        return restartableConfig("--execution.state-recovery.path", state);
    }

    /** A rebuild of {@code kpis} (none: every KPI), every year, of the job with {@code config}. */
    KpiRebuild rebuild(Configuration config, String... kpis) {
        RebuildScope scope =
                RebuildScope.of(KpiJobConfig.catalog(config), List.of(kpis), Optional.empty(), Optional.empty());
        return new KpiRebuild(config, scope, savepointDirectory(), new PrintStream(System.out, true));
    }

    /** The running {@code job} as a rebuild takes its savepoints: without stopping it. */
    RunningJob running(JobClient job) {
        return directory ->
                job.triggerSavepoint(directory, SavepointFormatType.CANONICAL).get(1, TimeUnit.MINUTES);
    }

    /** Cancels the job and waits until it has stopped: a cancelled job's tasks may still run for a while. */
    static void stop(JobClient job) throws InterruptedException, TimeoutException {
        job.cancel();
        try {
            job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException cancelled) {
            // how a cancelled job's result ends
        }
    }

    /**
     * Stops a job started with {@link #restartableConfig} with a savepoint and returns its path.
     * Tried again while a just started job has tasks still being deployed (Flink refuses a
     * savepoint until every task runs).
     */
    String stopWithSavepoint(JobClient job) {
        String dir = savepointDirectory();
        return await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(
                        () -> job.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL)
                                .get(),
                        path -> path != null);
    }

    /** Where {@link #stopWithSavepoint} puts a job's savepoints, as a URI. */
    String savepointDirectory() {
        return checkpoints.resolve("savepoints").toUri().toString();
    }

    /**
     * The job's real sinks with the kpi-updates topic discarded: here every cell update would be a
     * Kafka message, millions of them; the topic has a test of its own.
     */
    KpiJob.Sinks sinksWithoutUpdates(Configuration config) {
        KpiJob.Sinks real = KpiJobMain.sinks(config);
        return new KpiJob.Sinks(
                real.kpiValues(),
                new DiscardingSink<>(),
                real.rejectedEvents(),
                real.deadLetterTopic(),
                real.duplicateEvents(),
                real.rawEvents());
    }

    /** Starts the job on the test's MiniCluster with these settings and sinks, reading this fixture's topics. */
    JobClient start(Configuration config, KpiJob.Sinks sinks) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        new KpiJob(KpiJobMain.sources(config), sinks, config).buildOn(env);
        return env.executeAsync(prefix + "job");
    }

    void send(SpecificRecordBase event) {
        sendTo(event, null);
    }

    /**
     * Sends the event to that partition of its stream's topic ({@code null}: the partition of its key, as producers
     * do).
     */
    void sendTo(SpecificRecordBase event, Integer partition) {
        unacknowledged.add(producer.send(SourceProducer.record(codec, prefix, event, partition)));
        sent.merge(EventStream.of(event).name(), 1L, Long::sum);
    }

    void sendRaw(String stream, byte[] value) {
        unacknowledged.add(producer.send(new ProducerRecord<>(prefix + stream, null, value)));
        sent.merge(stream, 1L, Long::sum);
    }

    /** How many records this fixture sent to each stream's topic, by stream name. */
    Map<String, Long> sent() {
        return Map.copyOf(sent);
    }

    /**
     * Per stream, the records of its topic the job has accounted for: events stored in the raw
     * table, copies set aside in duplicate_events and records in rejected_events. Once the job has
     * read everything this equals {@link #sent()}.
     */
    Map<String, Long> accountedFor() throws SQLException {
        Map<String, Long> accounted = new HashMap<>();
        try (Connection c = clickhouse.connect(database)) {
            // the account job status and generate --wait read, without Kafka's side
            for (StreamAccount s : JobProgress.of(prefix, List.of(), JobProgressProbe.stored(c, prefix))
                    .streams()) {
                if (s.accounted() > 0 || sent.containsKey(s.stream())) accounted.put(s.stream(), s.accounted());
            }
        }
        return accounted;
    }

    /** Waits until the broker has acknowledged every record sent; fails on the first it refused. */
    void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> send : unacknowledged) send.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a record the test sent", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the broker's acknowledgements", e);
        }
        unacknowledged.clear();
    }

    /** The consumer group of the job {@link #config} sets up. */
    String group() {
        return prefix + "job";
    }

    /**
     * Both sides of the account, for a failure's message: per partition the offsets the group committed against the
     * topic's end, per stream what ClickHouse holds.
     */
    JobProgress progress() throws Exception {
        try (JobProgressProbe probe =
                new JobProgressProbe(bootstrap, group(), prefix, () -> clickhouse.connect(database))) {
            return probe.read();
        }
    }

    /** Waits until the job has accounted for every record sent: stored, duplicate or rejected. */
    void awaitAccounted() {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(this::assertAccounted);
    }

    private void assertAccounted() throws Exception {
        Map<String, Long> accounted = accountedFor();
        if (!accounted.equals(sent()))
            assertThat(accounted)
                    .as("per stream: stored + duplicates + rejected = sent; %s", progress())
                    .isEqualTo(sent());
    }

    byte[] encode(SpecificRecordBase event) {
        return codec.encode(event);
    }

    /** Every cell of kpi_latest, keyed as the ground truth keys them, values in hundredths. */
    Map<String, Long> cells() throws SQLException {
        try (Connection c = clickhouse.connect(database)) {
            return StoredCells.read(c);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = clickhouse.connect(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The records of committed transactions on this fixture's kpi-rebuilds topic, as Kafka counts offsets (each
     * transaction's commit marker takes one).
     */
    long adjustmentsCommitted() throws Exception {
        String topic = Topic.KPI_REBUILDS.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin
                    .listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = clickhouse.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Map<String, Long> countsBy(String sql) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = clickhouse.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
        }
        return counts;
    }

    /**
     * Waits until the job has accounted for every record sent (stored, duplicate or rejected) and every cell equals
     * {@code expected}.
     */
    void awaitAccountedAndExact(Map<String, Long> expected) {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertAccounted();
                    assertThat(differences(expected, cells(), 5))
                            .as(
                                    "cells differing; records rejected: %s",
                                    countsBy("SELECT reason, count() FROM rejected_events FINAL GROUP BY reason"))
                            .isEmpty();
                });
    }

    /** The cells that differ from {@code expected}, at most {@code limit} of them, for a readable failure. */
    static List<String> differences(Map<String, Long> expected, Map<String, Long> actual, int limit) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Long got = actual.get(e.getKey());
            if (!e.getValue().equals(got))
                diffs.add(e.getKey() + " expected " + BigDecimal.valueOf(e.getValue(), 2) + " got " + got);
            if (diffs.size() >= limit) return diffs;
        }
        for (String key : actual.keySet()) {
            // a cell everything was taken back from (a withdrawal, a correction moving an event away) is 0, as one
            // nothing was ever counted in would be
            if (!expected.containsKey(key) && actual.get(key) != 0)
                diffs.add(key + " not expected, got " + actual.get(key));
            if (diffs.size() >= limit) return diffs;
        }
        return diffs;
    }

    @Override
    public void close() {
        producer.close();
    }
}
