package cn.binjiang.union.operations.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.testkit.TestClickHouse;
import cn.binjiang.union.testkit.TestKafka;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The probe on a real broker and ClickHouse: a group's offsets and the tables' counts, judged by {@link JobProgress}.
 */
class JobProgressProbeIT {
    private static final TestKafka KAFKA = TestKafka.shared();
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    @Test
    void aRecordNotCommittedOrNotInClickHouseKeepsTheJobBehindUntilBothAreThere() throws Exception {
        // configure: the five topics of this test (two partitions each), the migrated tables, a group
        String prefix = TestKafka.topicPrefix("probe");
        String enrollment = prefix + EventStream.ENROLLMENT.name();
        String group = prefix + "group";
        String db = CLICKHOUSE.freshDatabase("job_progress_probe");
        try (Connection c = CLICKHOUSE.connect(db)) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
                JobProgressProbe probe =
                        new JobProgressProbe(KAFKA.bootstrapServers(), group, prefix, () -> CLICKHOUSE.connect(db))) {
            admin.createTopics(EventStream.all().stream()
                            .map(s -> new NewTopic(prefix + s.name(), 2, (short) 1))
                            .toList())
                    .all()
                    .get();

            // produce: three records to partition 0, one to partition 1; the job's account of them
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int partition : new int[] {0, 0, 0, 1})
                    producer.send(new ProducerRecord<>(enrollment, partition, null, new byte[] {1}))
                            .get();
            }
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(enrollment, 0), new OffsetAndMetadata(3)))
                    .all()
                    .get();
            sql(db, "INSERT INTO enrollment_events (event_id) VALUES (generateUUIDv4()), (generateUUIDv4())");
            sql(
                    db,
                    "INSERT INTO duplicate_events (event_id, stream, topic, partition, offset) VALUES (generateUUIDv4(), 'enrollment', '"
                            + enrollment + "', 0, 2)");

            // verify: partition 1's record is neither committed nor accounted
            JobProgress behind = probe.read();
            assertThat(behind.partitions())
                    .hasSize(10)
                    .startsWith(
                            new PartitionOffsets(enrollment, 0, 0, 3, 3), new PartitionOffsets(enrollment, 1, 0, 0, 1));
            assertThat(behind.streams()).first().isEqualTo(new StreamAccount("enrollment", 3, 2, 1, 0));
            assertThat(behind.caughtUp()).isFalse();
            assertThat(behind.shortfall()).isEqualTo("lag 1");

            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(enrollment, 1), new OffsetAndMetadata(1)))
                    .all()
                    .get();
            assertThat(probe.read().shortfall()).isEqualTo("enrollment 4 consumed but 3 in ClickHouse");

            sql(
                    db,
                    "INSERT INTO rejected_events (reason, topic, partition, offset) VALUES ('undecodable', '"
                            + enrollment + "', 1, 0)");
            JobProgress caughtUp = probe.read();
            assertThat(caughtUp.streams()).first().isEqualTo(new StreamAccount("enrollment", 4, 2, 1, 1));
            assertThat(caughtUp.caughtUp()).isTrue();
        }
    }

    private static void sql(String db, String statement) throws Exception {
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
