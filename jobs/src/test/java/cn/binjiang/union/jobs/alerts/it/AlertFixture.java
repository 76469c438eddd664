package cn.binjiang.union.jobs.alerts.it;

import static org.awaitility.Awaitility.await;

import cn.binjiang.union.jobs.alerts.AlertJob;
import cn.binjiang.union.jobs.alerts.AlertJobMain;
import cn.binjiang.union.jobs.alerts.config.AlertJobConfig;
import cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.AlertJson;
import cn.binjiang.union.schema.topic.KpiUpdateJson;
import cn.binjiang.union.schema.topic.Topic;
import cn.binjiang.union.testkit.TestClickHouse;
import cn.binjiang.union.testkit.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One alert-job test's world: its own topics (by prefix) on the shared broker, its own migrated
 * ClickHouse database, a rules file, a local robot webhook, and the alert job on a MiniCluster that
 * checkpoints into the test's folder.
 */
final class AlertFixture implements AutoCloseable {
    static final String SECRET = "SEC-test-signing-secret";

    final String prefix;
    final String database;
    final TestClickHouse clickhouse = TestClickHouse.shared();
    final WebhookReceiver webhook;
    final Path checkpoints;
    private final Path rules;
    private final KafkaProducer<byte[], byte[]> producer;

    AlertFixture(String name, String rulesYaml) throws Exception {
        prefix = TestKafka.topicPrefix(name);
        database = MigratedClickHouse.freshDatabase(clickhouse, name.replace('-', '_'));
        String bootstrap = TestKafka.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : Topic.values()) topics.add(new NewTopic(t.withPrefix(prefix), 2, (short) 1));
            admin.createTopics(topics).all().get();
        }
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        Path dir = Path.of("target", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        rules = dir.resolve("rules.yaml");
        Files.writeString(rules, rulesYaml);
        checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        webhook = new WebhookReceiver(SECRET);
    }

    void sql(String statement) throws SQLException {
        try (Connection c = clickhouse.connect(database);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    Configuration config(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--alerts.rules-file",
                rules.toString(),
                "--alerts.group-id",
                prefix + "alerts",
                "--alerts.webhook.url",
                webhook.url(),
                "--alerts.webhook.secret",
                SECRET,
                "--alerts.webhook.max-backoff",
                "2 s",
                "--alerts.targets-refresh",
                "1 s",
                "--kafka.bootstrap-servers",
                TestKafka.shared().bootstrapServers(),
                "--kafka.topic-prefix",
                prefix,
                "--clickhouse.url",
                clickhouse.jdbcUrl(database),
                "--clickhouse.sink.flush-interval",
                "200 ms",
                "--execution.checkpointing.interval",
                "1 s",
                "--execution.checkpointing.dir",
                checkpoints.toUri().toString(),
                "--execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION",
                "--pipeline.generic-types",
                "false",
                "--parallelism.default",
                "2"));
        args.addAll(List.of(extra));
        return AlertJobConfig.load(args.toArray(String[]::new), Map.of());
    }

    /** Starts the alert job as AlertJobMain wires it (Kafka, ClickHouse, the webhook) and waits until it runs. */
    JobClient start(Configuration config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        new AlertJob(AlertJobMain.rules(config), AlertJobMain.sources(config), AlertJobMain.sinks(config)).buildOn(env);
        JobClient job = env.executeAsync(prefix + "alerts");
        await().atMost(Duration.ofSeconds(60)).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
        return job;
    }

    /** The newest checkpoint {@code job} completed, to restart from. */
    Optional<Path> latestCheckpoint(JobClient job) throws IOException {
        try (Stream<Path> files = Files.list(checkpoints.resolve(job.getJobID().toString()))) {
            return files.filter(
                            p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(
                            p -> Integer.parseInt(p.getFileName().toString().substring(4))));
        }
    }

    /** A kpi-updates record as the KPI job publishes it (the topic's contract). */
    void update(String kpi, String grain, LocalDate bucket, String street, long units, Instant watermark) {
        KpiValue v = new KpiValue(
                kpi,
                grain,
                (int) bucket.toEpochDay(),
                street,
                "",
                "",
                "",
                units * 100,
                units,
                System.currentTimeMillis(),
                watermark == null ? Long.MIN_VALUE : watermark.toEpochMilli());
        producer.send(new ProducerRecord<>(
                Topic.KPI_UPDATES.withPrefix(prefix), KpiUpdateJson.key(v), new KpiUpdateJson().write(v)));
        producer.flush();
    }

    /** {@code n} records on a topic (an event stream's, or dead-letter); the alert job only counts them. */
    void records(String topic, int n) {
        for (int i = 0; i < n; i++) producer.send(new ProducerRecord<>(prefix + topic, null, new byte[] {1}));
        producer.flush();
    }

    /** The transition ids on the alerts topic, read from its beginning until {@code expected} of them came. */
    List<String> alertsTopic(int expected) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafka.shared().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        prefix + "reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.ALERTS.withPrefix(prefix)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        ids.add(AlertJson.read(r.value()).transitionId());
                    } catch (IOException e) {
                        throw new IllegalStateException("the alerts topic holds a record that breaks its contract", e);
                    }
                }
            }
        }
        return ids;
    }

    /** "status#seq" of each transition of {@code alertId}, in order. */
    List<String> transitions(String alertId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = clickhouse.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT status, seq FROM alerts FINAL WHERE alert_id = '" + alertId + "' ORDER BY seq")) {
            while (rs.next()) out.add(rs.getString(1) + "#" + rs.getLong(2));
        }
        return out;
    }

    long at(String alertId, long seq) throws SQLException {
        try (Connection c = clickhouse.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT toUnixTimestamp64Milli(at) FROM alerts FINAL WHERE alert_id = '"
                        + alertId + "' AND seq = " + seq)) {
            rs.next();
            return rs.getLong(1);
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

    @Override
    public void close() {
        producer.close();
        webhook.close();
    }
}
