package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.operations.accounting.JobProgressProbe;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.seeds.truth.StoredCells;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The stack's ClickHouse as the KPI job leaves it, read and compared with what was sent. */
final class KpiStore {
    private static final String JOB_GROUP = "union-kpi-job";

    private final String jdbcUrl;

    KpiStore(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "default", "");
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the first row, as a number (0 for SQL's NULL). */
    BigDecimal number(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            BigDecimal value = rs.getBigDecimal(1);
            return value == null ? BigDecimal.ZERO : value;
        }
    }

    /** Every cell of kpi_latest, keyed as the ground truth keys them, values in hundredths. */
    Map<String, Long> kpiLatest() throws SQLException {
        try (Connection c = connect()) {
            return StoredCells.read(c);
        }
    }

    /**
     * Waits until every record sent is in ClickHouse as an event, a copy set aside or a rejection (as
     * ./platform job status accounts them), or else until the job has read the end of every partition
     * (lag 0, once a checkpoint commits it): a job that lost or double-counted records gets there too,
     * and the assertions say what differs.
     */
    void awaitRead(String bootstrap, SentEvents sent, Duration atMost) throws Exception {
        try (JobProgressProbe probe = new JobProgressProbe(bootstrap, JOB_GROUP, "", this::connect)) {
            await("every record sent read")
                    .atMost(atMost)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(probe::read, progress -> progress.accounted() == sent.records() || progress.lag() == 0);
        }
    }

    /**
     * Waits until no KPI cell has been written for ten seconds: the job folds a backlog's contributions for up to 5 s.
     */
    void awaitSettled() {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        await("KPI cells settled")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long rows = count("SELECT count() FROM kpi_values");
                    if (rows != last[0]) {
                        last[0] = rows;
                        since[0] = System.nanoTime();
                    }
                    return System.nanoTime() - since[0] > Duration.ofSeconds(10).toNanos();
                });
    }

    /**
     * Every live cell equals the ground truth, each raw table holds each accepted event once, and every
     * copy and bad record was set aside once.
     */
    void assertExactlyWhatWasSent(SentEvents sent) throws SQLException {
        List<String> differing = differences(sent.cells(), kpiLatest());
        assertThat(differing.subList(0, Math.min(20, differing.size())))
                .as(
                        "%,d of the %,d expected cells differ, are missing or are not expected; the first",
                        differing.size(), sent.cells().size())
                .isEmpty();
        for (EventStream<?> s : EventStream.all()) {
            String table = s.name() + "_events";
            long accepted = sent.acceptedPerStream().getOrDefault(s.name(), 0L);
            long underFinal = count("SELECT count() FROM " + table + " FINAL");
            System.out.printf(
                    "%s: %,d rows (replays' twins not merged yet included), %,d under FINAL, %,d accepted events%n",
                    table, count("SELECT count() FROM " + table), underFinal, accepted);
            assertThat(underFinal).as(table + " FINAL").isEqualTo(accepted);
            assertThat(count("SELECT count(DISTINCT event_id) FROM " + table))
                    .as(table + " event ids")
                    .isEqualTo(accepted);
        }
        assertThat(count("SELECT count() FROM duplicate_events FINAL"))
                .as("copies set aside")
                .isEqualTo(sent.copies());
        assertThat(count("SELECT count() FROM rejected_events FINAL"))
                .as("bad records rejected")
                .isEqualTo(sent.bad());
    }

    /** Each cell that differs, sorted: a readable failure instead of two maps of a few hundred thousand cells. */
    private static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
        List<String> diffs = new ArrayList<>();
        expected.forEach((cell, value) -> {
            if (!value.equals(actual.get(cell))) {
                diffs.add(cell + " expected " + BigDecimal.valueOf(value, 2) + " got "
                        + (actual.containsKey(cell) ? BigDecimal.valueOf(actual.get(cell), 2) : "no cell"));
            }
        });
        actual.forEach((cell, value) -> {
            if (!expected.containsKey(cell)) diffs.add(cell + " not expected, got " + BigDecimal.valueOf(value, 2));
        });
        diffs.sort(Comparator.naturalOrder());
        return diffs;
    }
}
