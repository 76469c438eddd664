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
     * The query for the events the KPIs count, {@code where} holding the condition and any {@code ?} it binds: one
     * row per event, its newest revision, withdrawn events left out (the table's {@code _current} view, V016), so
     * that a condition on a field is one on the revision that counts.
     */
    public String selectSql(String where) {
        return "SELECT "
                + layout.stream().map(RawEventColumn::selectExpression).collect(Collectors.joining(", "))
                + " FROM " + table() + "_current WHERE " + where;
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
