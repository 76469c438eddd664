package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * An accepted event of one stream as a row of that stream's raw table ({@code <stream>_events}),
 * for every stream alike: the columns are the fields of the stream's Avro schema, the envelope
 * flattened, bound by name. A field added to a schema needs a column added by a migration, no Java.
 * UUIDs, timestamps (DateTime64), decimals and ints bind as such; enums as their lower-case code. After the fields
 * come where the revision was read ({@code kafka_partition}, {@code kafka_offset}): the cut a rebuild counts below.
 */
public final class RawEventRows implements RowBinder<AcceptedEvent> {
    private static final long serialVersionUID = 1L;

    /** The columns after the fields: the Kafka partition and offset of the record the revision came in. */
    public static final List<String> KAFKA_POSITION = List.of("kafka_partition", "kafka_offset");

    private final EventStream<?> stream;
    private final EventCodec codec;
    private transient List<RawEventColumn> layout;

    public RawEventRows(EventStream<?> stream, EventCodec codec) {
        this.stream = stream;
        this.codec = codec;
    }

    @Override
    public String table() {
        return stream.name() + "_events";
    }

    @Override
    public List<String> columns() {
        List<String> columns =
                new ArrayList<>(layout().stream().map(RawEventColumn::name).toList());
        columns.addAll(KAFKA_POSITION);
        return columns;
    }

    @Override
    public void bind(PreparedStatement statement, AcceptedEvent event) throws SQLException {
        if (!stream.name().equals(event.stream())) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " of stream " + event.stream() + " cannot go into " + table());
        }
        SpecificRecordBase record = decode(event);
        List<RawEventColumn> columns = layout();
        for (int i = 0; i < columns.size(); i++) {
            statement.setObject(i + 1, columns.get(i).valueIn(record));
        }
        statement.setInt(columns.size() + 1, event.partition());
        statement.setLong(columns.size() + 2, event.offset());
    }

    /** The event itself (Avro's JSON of it), not the payload's bytes. */
    @Override
    public String describe(AcceptedEvent event) {
        return decode(event).toString();
    }

    /** The job encoded this payload itself after validating it: failing to decode it is a bug, not bad input. */
    private SpecificRecordBase decode(AcceptedEvent event) {
        try {
            return codec.decode(stream, event.payload());
        } catch (EventDecodeException e) {
            throw new IllegalStateException("accepted event " + event.eventId() + " does not decode", e);
        }
    }

    private List<RawEventColumn> layout() {
        if (layout == null) layout = RawEventColumn.of(stream.schema());
        return layout;
    }
}
