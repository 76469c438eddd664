package cn.binjiang.union.jobs.alerts.io;

import cn.binjiang.union.jobs.alerts.AlertTransition;
import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** An alert transition as a row of {@code alerts} (keyed by transition id: a repeat is stored once). */
public final class AlertRows implements RowBinder<AlertTransition> {
    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of(
            "transition_id",
            "alert_id",
            "name",
            "severity",
            "status",
            "street",
            "kpi_id",
            "message",
            "seq",
            "at",
            "notify");

    @Override
    public String table() {
        return "alerts";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void bind(PreparedStatement s, AlertTransition t) throws SQLException {
        s.setString(1, t.transitionId());
        s.setString(2, t.alertId());
        s.setString(3, t.name());
        s.setString(4, t.severity());
        s.setString(5, t.status());
        s.setString(6, t.street());
        s.setString(7, t.kpiId());
        s.setString(8, t.message());
        s.setLong(9, t.seq());
        s.setObject(10, Instant.ofEpochMilli(t.at()));
        s.setBoolean(11, t.notifies());
    }
}
