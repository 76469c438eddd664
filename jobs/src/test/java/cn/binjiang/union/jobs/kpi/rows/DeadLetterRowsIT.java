package cn.binjiang.union.jobs.kpi.rows;

import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.insert;
import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse;
import cn.binjiang.union.schema.topic.DeadLetter;
import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterRowsIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    @Test
    void aRejectedRecordReplayedAfterARestoreIsOneRowWithItsLatestRejection() throws Exception {
        long firstRejection = Instant.parse("2026-05-01T02:00:00.250Z").toEpochMilli();
        DeadLetter rejected = new DeadLetter(
                "invalid_field:worker_id",
                "check digit of worker_id is wrong: 11010519491231****",
                "aid",
                2,
                1_234_567_890_123L,
                firstRejection,
                "wwGq+7dZ");
        DeadLetter replayed = new DeadLetter(
                rejected.reason(),
                rejected.detail(),
                rejected.topic(),
                rejected.partition(),
                rejected.offset(),
                firstRejection + 60_000,
                rejected.payloadBase64());
        DeadLetter other = new DeadLetter(
                "undecodable", "message of 3 bytes", "aid", 2, 1_234_567_890_124L, firstRejection, "AAEC");

        try (Connection c = CLICKHOUSE.connect(MigratedClickHouse.freshDatabase(CLICKHOUSE, "dead_letter_rows"))) {
            DeadLetterRows binder = new DeadLetterRows();
            insert(c, binder, List.of(rejected, other));
            insert(c, binder, List.of(replayed));

            assertThat(rows(
                            c,
                            "SELECT reason, detail, topic, toString(partition), toString(offset), toString(rejected_at),"
                                    + " payload_base64 FROM rejected_events FINAL ORDER BY offset"))
                    .containsExactly(
                            List.of(
                                    "invalid_field:worker_id",
                                    "check digit of worker_id is wrong: 11010519491231****",
                                    "aid",
                                    "2",
                                    "1234567890123",
                                    "2026-05-01 10:01:00.250",
                                    "wwGq+7dZ"),
                            List.of(
                                    "undecodable",
                                    "message of 3 bytes",
                                    "aid",
                                    "2",
                                    "1234567890124",
                                    "2026-05-01 10:00:00.250",
                                    "AAEC"));
        }
    }
}
