package cn.binjiang.union.jobs.alerts.notify;

import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** A delivered notification as a row of {@code alert_notifications}. */
public final class DeliveryRows implements RowBinder<Delivery> {
    private static final long serialVersionUID = 1L;

    @Override
    public String table() {
        return "alert_notifications";
    }

    @Override
    public List<String> columns() {
        return List.of("transition_id", "delivered_at", "attempts");
    }

    @Override
    public void bind(PreparedStatement s, Delivery d) throws SQLException {
        s.setString(1, d.transitionId());
        s.setObject(2, Instant.ofEpochMilli(d.deliveredAt()));
        s.setInt(3, d.attempts());
    }
}
