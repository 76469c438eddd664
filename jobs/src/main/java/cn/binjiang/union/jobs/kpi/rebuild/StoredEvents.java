package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.rows.RawEventReader;
import cn.binjiang.union.schema.EventStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The events a rebuild counts: those of the chosen KPIs' streams in the chosen years, read from the raw tables, each in
 * its newest revision below the running job's cut of the event topics.
 */
final class StoredEvents {
    private final Connection clickhouse;
    private final RebuildScope scope;
    private final TopicCut cut;
    private final String topicPrefix;

    /** @param topicPrefix the KPI job's kafka.topic-prefix: a stream's topic is the prefix and the stream's name */
    StoredEvents(Connection clickhouse, RebuildScope scope, TopicCut cut, String topicPrefix) {
        this.clickhouse = clickhouse;
        this.scope = scope;
        this.cut = cut;
        this.topicPrefix = topicPrefix;
    }

    /**
     * About how many there are, for the progress line: rows, not events (every revision of an event counts, and a
     * re-sent one not merged away yet twice), which spares a pass over the tables.
     */
    long roughCount() throws SQLException {
        long rows = 0;
        for (EventStream<?> stream : scope.streams()) {
            try (Statement statement = clickhouse.createStatement();
                    ResultSet result = statement.executeQuery(
                            "SELECT count() FROM " + new RawEventReader(stream).table() + " WHERE " + inYears())) {
                result.next();
                rows += result.getLong(1);
            }
        }
        return rows;
    }

    /** Hands each event, once, to {@code each}, a stream at a time; returns how many there were. */
    long forEach(Consumer<SpecificRecordBase> each) throws SQLException {
        long events = 0;
        for (EventStream<?> stream : scope.streams()) {
            RawEventReader reader = new RawEventReader(stream);
            try (Statement statement = clickhouse.createStatement();
                    ResultSet rows = statement.executeQuery(
                            reader.selectSql(cut.rowsBelow(topicPrefix + stream.name()), inYears()))) {
                while (rows.next()) {
                    each.accept(reader.read(rows));
                    events++;
                }
            }
        }
        return events;
    }

    /** The years' bounds as epoch milliseconds the code computed: nothing a user typed reaches the SQL. */
    private String inYears() {
        List<String> conditions = new ArrayList<>();
        scope.start().ifPresent(start -> conditions.add("occurred_at >= " + instant(start)));
        scope.end().ifPresent(end -> conditions.add("occurred_at < " + instant(end)));
        return conditions.isEmpty() ? "1" : String.join(" AND ", conditions);
    }

    private static String instant(Instant at) {
        return "fromUnixTimestamp64Milli(toInt64(" + at.toEpochMilli() + "), 'Asia/Shanghai')";
    }
}
