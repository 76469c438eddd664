package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** A rejected record as a row of {@code rejected_events}, keyed by its Kafka topic, partition and offset. */
public final class DeadLetterRows implements RowBinder<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS =
            List.of("reason", "detail", "topic", "partition", "offset", "rejected_at", "payload_base64");

    @Override
    public String table() {
        return "rejected_events";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void bind(PreparedStatement statement, DeadLetter rejected) throws SQLException {
        statement.setString(1, rejected.reason());
        statement.setString(2, rejected.detail());
        statement.setString(3, rejected.topic());
        statement.setInt(4, rejected.partition());
        statement.setLong(5, rejected.offset());
        statement.setObject(6, Instant.ofEpochMilli(rejected.rejectedAt()));
        statement.setString(7, rejected.payloadBase64());
    }
}
