package cn.binjiang.union.jobs.alerts.notify;

import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseConnections;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which notifications the webhook already acknowledged ({@code alert_notifications}). Checked before
 * every send: a transition restored from a checkpoint after it was delivered is not sent again.
 */
public record DeliveryLog(String jdbcUrl, String user, String password) implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean delivered(String transitionId) throws SQLException {
        try (Connection c = ClickHouseConnections.open(jdbcUrl, user, password);
                PreparedStatement s =
                        c.prepareStatement("SELECT count() FROM alert_notifications WHERE transition_id = ?")) {
            s.setString(1, transitionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Without the password: a record's own toString would print it into any log line that shows this. */
    @Override
    public String toString() {
        return "DeliveryLog[" + jdbcUrl + " as " + user + "]";
    }
}
