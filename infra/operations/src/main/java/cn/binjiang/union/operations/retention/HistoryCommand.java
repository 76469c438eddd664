package cn.binjiang.union.operations.retention;

import cn.binjiang.union.operations.accounting.JobProgressProbe;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code HistoryCommand BOOTSTRAP CLICKHOUSE_JDBC_URL}: prints, per stream, the oldest record Kafka still holds with the
 * topic's retention, and the oldest event ClickHouse holds ({@link HeldHistory}); {@code ./platform status} runs it.
 * ClickHouse as CLICKHOUSE_USER with CLICKHOUSE_PASSWORD.
 */
public final class HistoryCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(KpiCalendar.ZONE);

    private HistoryCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HistoryCommand BOOTSTRAP CLICKHOUSE_JDBC_URL");
            System.exit(2);
        }
        List<HeldHistory> history = HeldHistory.read(args[0], "", JobProgressProbe.clickhouseFromEnvironment(args[1]));
        System.out.println(table(history));
    }

    /** The table {@code ./platform status} prints, times in Beijing time. */
    static String table(List<HeldHistory> history) {
        StringBuilder out = new StringBuilder(String.format(
                "%-12s %-38s %s%n",
                "HISTORY", "KAFKA: OLDEST RECORD HELD (RETENTION)", "CLICKHOUSE: OLDEST EVENT HELD"));
        for (HeldHistory h : history) {
            out.append(String.format(
                    "%-12s %-38s %s%n",
                    h.stream(),
                    time(h.kafkaOldest(), "none") + " ("
                            + h.retention().map(HistoryCommand::days).orElse("unlimited") + ")",
                    time(h.clickhouseOldest(), "none") + " (no TTL)"));
        }
        return out.toString().stripTrailing();
    }

    private static String time(Optional<Instant> at, String none) {
        return at.map(TIME::format).orElse(none);
    }

    private static String days(Duration d) {
        return d.toMillis() % Duration.ofDays(1).toMillis() == 0 ? d.toDays() + " d" : d.toMillis() + " ms";
    }
}
