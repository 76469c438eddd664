package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.testkit.SqlRows;
import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data's own clock (view data_clock, kpi_progress measured by it, GET /api/clock) on a real, migrated ClickHouse:
 * the newest accepted event time of any stream, never the wall clock; a year before the clock's is complete, the
 * clock's year is gone by exactly its share, a later year not at all; and before the first event there is no clock.
 */
class DataClockIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final List<String> RAW_TABLES =
            List.of("enrollment_events", "training_events", "competition_events", "aid_events", "legal_events");

    /** Events of two streams, the newest a legal one; a re-sent aid event; later times only where none is accepted. */
    static final String EVENTS = """
            INSERT INTO aid_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                    industry, employment_form, event_type, amount_cny, category, household_id, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000a1001', '2022-05-03 11:00:00.250', 'aid-portal', 'xixing', NULL, NULL, '', '', 'aid_paid', 1000.50, 'hardship', 'H-1', '2022-05-03 11:00:01');
            INSERT INTO aid_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                    industry, employment_form, event_type, amount_cny, category, household_id, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000a1001', '2022-05-03 11:00:00.250', 'aid-portal', 'xixing', NULL, NULL, '', '', 'aid_paid', 1000.50, 'hardship', 'H-1', '2022-05-03 11:05:00');
            INSERT INTO legal_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                      industry, employment_form, event_type, case_id, group_area, mediation_outcome, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000b1001', '2021-03-01 09:00:00', 'legal-portal', 'puyan', NULL, NULL, '', '', 'legal_package_granted', NULL, '', '', '2021-03-01 09:00:01'),
                ('00000000-0000-4000-8000-0000000b1002', '2022-09-30 17:45:12.345', 'legal-portal', 'changhe', NULL, NULL, '', '', 'legal_package_granted', NULL, '', '', '2022-09-30 17:45:13');
            INSERT INTO enrollment_events (event_id, occurred_at, event_type) VALUES
                ('00000000-0000-4000-8000-0000000e1001', '2021-06-01 10:00:00', 'member_joined');
            INSERT INTO training_events (event_id, occurred_at, event_type) VALUES
                ('00000000-0000-4000-8000-0000000e2001', '2021-06-02 10:00:00', 'course_enrolled');
            INSERT INTO competition_events (event_id, occurred_at, event_type) VALUES
                ('00000000-0000-4000-8000-0000000e3001', '2021-06-03 10:00:00', 'competition_opened');
            INSERT INTO duplicate_events (event_id, stream, occurred_at, topic, partition, offset, detected_at) VALUES
                ('00000000-0000-4000-8000-0000000b1002', 'legal', '2023-02-01 08:00:00', 'legal', 0, 7, '2023-02-01 08:00:01');
            INSERT INTO targets (year, kpi_id, street, target, note) VALUES
                (2021, 'legal_packages_granted', '', 15, ''), (2022, 'legal_packages_granted', '', 21, ''),
                (2023, 'legal_packages_granted', '', 25, '');
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('legal_packages_granted', 'year', '2021-01-01', '', '', '', '', 17, 17, '2021-12-31 12:00:00'),
                ('legal_packages_granted', 'year', '2022-01-01', '', '', '', '', 14, 14, '2022-09-30 17:45:13')
            """;
    /** The newest accepted event above: legal 0b1002. */
    static final String NEWEST = "2022-09-30T17:45:12.345";

    static DashboardServer withEvents;
    static DashboardServer empty;

    @BeforeAll
    static void start() throws Exception {
        String events = migrated("data_clock");
        try (Connection c = CLICKHOUSE.connect(events);
                Statement s = c.createStatement()) {
            s.execute("SYSTEM STOP MERGES aid_events");
            for (String statement : EVENTS.split(";\n")) s.execute(statement);
        }
        withEvents = ItClient.server(CLICKHOUSE, events, Map.of());
        String none = migrated("data_clock_empty");
        try (Connection c = CLICKHOUSE.connect(none);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO targets (year, kpi_id, street, target, note) VALUES"
                    + " (2021, 'legal_packages_granted', '', 15, '')");
        }
        empty = ItClient.server(CLICKHOUSE, none, Map.of());
    }

    @AfterAll
    static void stop() {
        if (withEvents != null) withEvents.close();
        if (empty != null) empty.close();
    }

    @Test
    void theClockIsTheNewestAcceptedEventOfAnyStreamToTheMillisecond() throws Exception {
        assertThat(strings("data_clock", "SELECT toString(as_of) FROM data_clock"))
                .containsExactly("2022-09-30 17:45:12.345");
        assertThat(strings("data_clock", "SELECT toString(count()) FROM aid_events"))
                .as("the re-sent aid event is still two rows (merges stopped): max() needs no FINAL")
                .containsExactly("2");
        ItClient leader = ItClient.login(base(withEvents), "leader", "leader-demo");
        assertThat(leader.getJson("/api/clock").get("asOf").asText()).isEqualTo("2022-09-30T17:45:12.345+08:00");
        ItClient officer = ItClient.login(base(withEvents), "puyan", "puyan-demo");
        assertThat(officer.getJson("/api/clock").get("asOf").asText())
                .as("one clock for the district: puyan's own newest event is 2021's")
                .isEqualTo("2022-09-30T17:45:12.345+08:00");
    }

    @Test
    void aYearBeforeTheClocksIsCompleteTheClocksYearIsGoneByItsExactShareALaterOneNotAtAll() throws Exception {
        List<List<Object>> rows = rows(
                "data_clock",
                "SELECT toInt32(year), elapsed_share, pace, toString(as_of) FROM kpi_progress"
                        + " WHERE kpi_id = 'legal_packages_granted' AND street = '' ORDER BY year");
        double share2022 = shareOfYear(2022, NEWEST);
        assertThat(rows)
                .containsExactly(
                        List.of(2021, 1.0, 17.0 / 15 - 1.0, "2022-09-30 17:45:12.345"),
                        List.of(2022, share2022, 14.0 / 21 - share2022, "2022-09-30 17:45:12.345"),
                        List.of(2023, 0.0, 0.0, "2022-09-30 17:45:12.345"));
        ItClient leader = ItClient.login(base(withEvents), "leader", "leader-demo");
        var card = leader.getJson("/api/panels/kpi_cards?year=2021").get("rows").get(0);
        assertThat(card.get("kpi_id").asText()).isEqualTo("legal_packages_granted");
        assertThat(card.get("elapsed_share").asDouble()).isEqualTo(1.0);
        assertThat(card.get("pace").asDouble())
                .as("the finished year's final pace")
                .isEqualTo(17.0 / 15 - 1.0);
    }

    @Test
    void beforeTheFirstEventThereIsNoClockAndNoYearHasGoneBy() throws Exception {
        assertThat(strings("data_clock_empty", "SELECT toString(isNull(as_of)) FROM data_clock"))
                .containsExactly("1");
        assertThat(strings(
                        "data_clock_empty",
                        "SELECT concat(toString(elapsed_share), ' ', toString(pace), ' ', toString(isNull(as_of)))"
                                + " FROM kpi_progress"))
                .containsExactly("0 0 1");
        ItClient leader = ItClient.login(base(empty), "leader", "leader-demo");
        assertThat(leader.get("/api/clock").body()).isEqualTo("{\"asOf\":null}");
        assertThat(ItClient.login(base(empty), "analyst", "analyst-demo")
                        .getJson("/api/clock")
                        .get("asOf")
                        .isNull())
                .isTrue();
    }

    @Test
    void withoutASessionTheClockIs401() throws Exception {
        assertThat(new ItClient(base(withEvents), null, null).get("/api/clock").statusCode())
                .isEqualTo(401);
    }

    @Test
    void everyRawTableAnswersItsNewestEventFromItsProjection() throws Exception {
        List<String> newest = new ArrayList<>();
        for (String table : RAW_TABLES) {
            // fails unless ClickHouse read the projection: the view's max() costs one row per part
            newest.addAll(strings(
                    "data_clock",
                    "SELECT toString(max(occurred_at)) FROM " + table
                            + " SETTINGS force_optimize_projection_name = 'newest_event'"));
        }
        assertThat(newest)
                .containsExactly(
                        "2021-06-01 10:00:00.000",
                        "2021-06-02 10:00:00.000",
                        "2021-06-03 10:00:00.000",
                        "2022-05-03 11:00:00.250",
                        "2022-09-30 17:45:12.345");
    }

    /** The share of {@code year} gone at {@code clock} (Beijing), in milliseconds, as kpi_progress divides it. */
    static double shareOfYear(int year, String clock) {
        long start =
                LocalDateTime.of(year, 1, 1, 0, 0).atZone(BEIJING).toInstant().toEpochMilli();
        long end = LocalDateTime.of(year + 1, 1, 1, 0, 0)
                .atZone(BEIJING)
                .toInstant()
                .toEpochMilli();
        long at = LocalDateTime.parse(clock).atZone(BEIJING).toInstant().toEpochMilli();
        return (double) (at - start) / (double) (end - start);
    }

    private static String migrated(String name) throws Exception {
        String db = CLICKHOUSE.freshDatabase(name);
        try (Connection c = CLICKHOUSE.connect(db)) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
        }
        return db;
    }

    private static String base(DashboardServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** Each row's columns as JDBC reads them (UInt16 as Integer, Float64 as Double, text as String). */
    private static List<List<Object>> rows(String db, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) row.add(rs.getObject(i));
                out.add(row);
            }
        }
        return out;
    }

    private static List<String> strings(String db, String sql) throws SQLException {
        try (Connection c = CLICKHOUSE.connect(db)) {
            return SqlRows.of(c, sql);
        }
    }
}
