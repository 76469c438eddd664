package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.schema.EventStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The way back from a raw event table to the events the KPI job counted: {@link RawEventRows} in reverse, over the
 * same {@link RawEventColumn} layout, so a field added to a schema needs no Java here either. What it gives back is
 * the event as the job held it after its intake: the worker's resident ID field holds its pseudonym.
 */
public final class RawEventReader {
    private final EventStream<?> stream;
    private final List<RawEventColumn> layout;

    public RawEventReader(EventStream<?> stream) {
        this.stream = stream;
        this.layout = RawEventColumn.of(stream.schema());
    }

    /** The raw table: every revision of every event. */
    public String table() {
        return stream.name() + "_events";
    }

    /**
     * The query for the events the KPIs count among the rows {@code rows} chooses (code-built SQL): one row per event,
     * its newest revision among those rows, withdrawn events left out (as the table's {@code _current} view, V016),
     * and of those the ones {@code events} chooses, so that a condition on a field is one on the revision that counts.
     * Not {@code FINAL}: the rows chosen are the history up to a cut, and a copy of a revision above the cut must not
     * stand in for the one below it.
     */
    public String selectSql(String rows, String events) {
        return "SELECT "
                + layout.stream().map(RawEventColumn::selectExpression).collect(Collectors.joining(", "))
                + " FROM (SELECT * FROM " + table() + " WHERE " + rows
                + " ORDER BY event_id, revision DESC LIMIT 1 BY event_id) WHERE NOT withdrawn AND " + events;
    }

    /** The event of the current row of a result of {@link #selectSql}. */
    public SpecificRecordBase read(ResultSet row) throws SQLException {
        SpecificRecordBase event = newRecord(stream.schema());
        for (Schema.Field field : stream.schema().getFields()) {
            Schema type = RawEventColumn.withoutNull(field.schema());
            if (type.getType() == Schema.Type.RECORD) event.put(field.pos(), newRecord(type));
        }
        for (int i = 0; i < layout.size(); i++) {
            layout.get(i).readInto(event, row, i + 1);
        }
        return event;
    }

    private static SpecificRecordBase newRecord(Schema schema) {
        Object record = SpecificData.get().newRecord(null, schema);
        if (record instanceof SpecificRecordBase specific) return specific;
        throw new IllegalStateException(schema.getFullName() + " has no generated class on the classpath");
    }
}
