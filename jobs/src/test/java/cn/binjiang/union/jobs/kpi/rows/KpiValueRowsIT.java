package cn.binjiang.union.jobs.kpi.rows;

import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.insert;
import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KpiValueRowsIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final int MARCH_2026 = (int) LocalDate.of(2026, 3, 1).toEpochDay();
    private static final long UPDATED_AT =
            Instant.parse("2026-03-02T01:02:03.456Z").toEpochMilli();
    private static String db;

    @BeforeAll
    static void migrate() throws Exception {
        db = MigratedClickHouse.freshDatabase(CLICKHOUSE, "kpi_value_rows");
    }

    @Test
    void aCellLandsWithItsBucketAsADateItsHundredthsAsADecimalAndItsTimeInShanghai() throws Exception {
        try (Connection c = CLICKHOUSE.connect(db)) {
            insert(
                    c,
                    new KpiValueRows(),
                    List.of(
                            new KpiValue(
                                    "members_joined",
                                    "month",
                                    MARCH_2026,
                                    "xixing",
                                    "",
                                    "food_delivery_rider",
                                    "",
                                    12_345,
                                    7,
                                    UPDATED_AT,
                                    Long.MIN_VALUE),
                            new KpiValue(
                                    "members_net",
                                    "year",
                                    MARCH_2026 - 59,
                                    "",
                                    "",
                                    "",
                                    "",
                                    -100,
                                    1,
                                    UPDATED_AT,
                                    Long.MIN_VALUE)));

            assertThat(
                            rows(
                                    c,
                                    "SELECT kpi_id, grain, toString(bucket), street, industry, employment_form, category,"
                                            + " toString(value), toString(version), toString(updated_at) FROM kpi_values ORDER BY kpi_id"))
                    .containsExactly(
                            List.of(
                                    "members_joined",
                                    "month",
                                    "2026-03-01",
                                    "xixing",
                                    "",
                                    "food_delivery_rider",
                                    "",
                                    "123.45",
                                    "7",
                                    "2026-03-02 09:02:03.456"),
                            List.of(
                                    "members_net",
                                    "year",
                                    "2026-01-01",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "-1",
                                    "1",
                                    "2026-03-02 09:02:03.456"));
        }
    }

    @Test
    void aLaterVersionOfTheSameCellReplacesItAndAReSentOneIsNotCountedTwice() throws Exception {
        KpiValue first = new KpiValue(
                "trainings_completed",
                "day",
                MARCH_2026,
                "puyan",
                "",
                "",
                "senior",
                300,
                3,
                UPDATED_AT,
                Long.MIN_VALUE);
        KpiValue second = new KpiValue(
                "trainings_completed",
                "day",
                MARCH_2026,
                "puyan",
                "",
                "",
                "senior",
                500,
                5,
                UPDATED_AT + 1,
                Long.MIN_VALUE);
        try (Connection c = CLICKHOUSE.connect(db)) {
            KpiValueRows binder = new KpiValueRows();
            insert(c, binder, List.of(first));
            insert(c, binder, List.of(second, first));
            insert(c, binder, List.of(second));

            String cell = " WHERE kpi_id = 'trainings_completed'";
            assertThat(rows(c, "SELECT toString(value), toString(version) FROM kpi_values FINAL" + cell))
                    .containsExactly(List.of("5", "5"));
            assertThat(rows(
                            c,
                            "SELECT toString(value), toString(version), toString(updated_at) FROM kpi_latest" + cell))
                    .containsExactly(List.of("5", "5", "2026-03-02 09:02:03.457"));
        }
    }
}
