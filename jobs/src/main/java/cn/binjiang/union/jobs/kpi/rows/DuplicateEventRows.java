package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.jobs.kpi.records.DuplicateEvent;
import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A dropped copy as a row of {@code duplicate_events}, keyed by its Kafka topic, partition and offset. */
public final class DuplicateEventRows implements RowBinder<DuplicateEvent> {
    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS =
            List.of("event_id", "stream", "occurred_at", "topic", "partition", "offset", "detected_at");

    @Override
    public String table() {
        return "duplicate_events";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void bind(PreparedStatement statement, DuplicateEvent copy) throws SQLException {
        statement.setObject(1, UUID.fromString(copy.eventId()));
        statement.setString(2, copy.stream());
        statement.setObject(3, Instant.ofEpochMilli(copy.occurredAt()));
        statement.setString(4, copy.topic());
        statement.setInt(5, copy.partition());
        statement.setLong(6, copy.offset());
        statement.setObject(7, Instant.ofEpochMilli(copy.detectedAt()));
    }
}
