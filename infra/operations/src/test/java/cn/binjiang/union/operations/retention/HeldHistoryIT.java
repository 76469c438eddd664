package cn.binjiang.union.operations.retention;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.testkit.TestClickHouse;
import cn.binjiang.union.testkit.TestKafka;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** What ./platform status says of each stream's history, read from a real broker and ClickHouse. */
class HeldHistoryIT {
    private static final TestKafka KAFKA = TestKafka.shared();
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final Instant FIRST_SENT = Instant.parse("2026-11-20T02:00:00Z");

    @Test
    void theOldestRecordKafkaHoldsWithItsRetentionAndTheOldestEventClickHouseHolds() throws Exception {
        String prefix = TestKafka.topicPrefix("history");
        String db = CLICKHOUSE.freshDatabase("held_history");
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            s.execute("INSERT INTO enrollment_events (event_id, occurred_at) VALUES"
                    + " (generateUUIDv4(), '2021-01-04 09:12:00.250'), (generateUUIDv4(), '2022-06-01 10:00:00')");
            s.execute(
                    "INSERT INTO legal_events (event_id, occurred_at) VALUES (generateUUIDv4(), '2022-03-08 08:00:00')");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(EventStream.all().stream()
                            .map(s -> new NewTopic(prefix + s.name(), 2, (short) 1)
                                    .configs(Map.of(
                                            TopicConfig.RETENTION_MS_CONFIG,
                                            s == EventStream.ENROLLMENT ? "2592000000" : "-1")))
                            .toList())
                    .all()
                    .get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // sent in another order than their times: the oldest held is the oldest time of the partitions' first
            long first = FIRST_SENT.toEpochMilli();
            for (long[] partitionAndTime :
                    new long[][] {{0, first + 60_000}, {1, first}, {0, first + 1}, {1, first + 5}})
                producer.send(new ProducerRecord<>(
                                prefix + "enrollment",
                                (int) partitionAndTime[0],
                                partitionAndTime[1],
                                null,
                                new byte[] {1}))
                        .get();
        }

        List<HeldHistory> history = HeldHistory.read(KAFKA.bootstrapServers(), prefix, () -> CLICKHOUSE.connect(db));

        assertThat(history)
                .containsExactly(
                        new HeldHistory(
                                "enrollment",
                                Optional.of(FIRST_SENT),
                                Optional.of(Duration.ofDays(30)),
                                Optional.of(Instant.parse("2021-01-04T01:12:00.250Z"))),
                        new HeldHistory("training", Optional.empty(), Optional.empty(), Optional.empty()),
                        new HeldHistory("competition", Optional.empty(), Optional.empty(), Optional.empty()),
                        new HeldHistory("aid", Optional.empty(), Optional.empty(), Optional.empty()),
                        new HeldHistory(
                                "legal",
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(Instant.parse("2022-03-08T00:00:00Z"))));
        assertThat(HistoryCommand.table(history)).isEqualTo("""
                        HISTORY      KAFKA: OLDEST RECORD HELD (RETENTION)  CLICKHOUSE: OLDEST EVENT HELD
                        enrollment   2026-11-20 10:00:00 (30 d)             2021-01-04 09:12:00 (no TTL)
                        training     none (unlimited)                       none (no TTL)
                        competition  none (unlimited)                       none (no TTL)
                        aid          none (unlimited)                       none (no TTL)
                        legal        none (unlimited)                       2022-03-08 08:00:00 (no TTL)""");
    }
}
