package cn.binjiang.union.dashboards.alerts;

import cn.binjiang.union.dashboards.api.JsonCells;
import cn.binjiang.union.dashboards.api.RequestRefused;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The cockpit's alert feed: each alert's current state (the {@code alert_state} view) with who
 * acknowledged its current transition, firing first; and acknowledging a firing alert, once. A street
 * officer sees and acknowledges only the alerts of their street.
 *
 * <p>Reads go through the read-only pool; the acknowledgement's INSERT, the dashboard's only write,
 * through a pool of its own as the acknowledging user ({@code alerts.ack-user}, who may do nothing but
 * insert into {@code alert_acks}).
 */
public final class AlertFeed {
    /** Firing and pending alerts, and those that changed in the last day, newest first. */
    static final String FEED = """
            SELECT s.alert_id AS alert_id, s.transition_id AS transition_id, s.name AS name, s.severity AS severity,
                   s.status AS status, s.street AS street, s.kpi_id AS kpi_id, s.message AS message, toString(s.at) AS at,
                   a.by AS acked_by, if(a.by = '', '', toString(a.last)) AS acked_at
            FROM alert_state AS s
            LEFT JOIN (SELECT transition_id, argMax(username, acked_at) AS by, max(acked_at) AS last
                       FROM alert_acks FINAL GROUP BY transition_id) AS a ON a.transition_id = s.transition_id
            WHERE (s.status IN ('firing', 'pending') OR s.at > now() - INTERVAL 1 DAY) AND (? = '' OR s.street = ?)
            ORDER BY s.status = 'firing' DESC, s.at DESC
            LIMIT 100""";

    static final String CURRENT = "SELECT transition_id, status, street FROM alert_state WHERE alert_id = ?";
    /** The first acknowledgement of a transition, if any. */
    static final String ACKED =
            "SELECT username, toString(acked_at) FROM alert_acks WHERE transition_id = ? ORDER BY acked_at LIMIT 1";

    static final String INSERT =
            "INSERT INTO alert_acks (alert_id, transition_id, username, acked_at) VALUES (?, ?, ?, ?)";

    /** Why an acknowledgement was refused: the HTTP status and a message for the officer. */
    public static final class AckRefused extends RequestRefused {
        AckRefused(int status, String message) {
            super(status, message);
        }
    }

    private final DataSource reader;
    private final Optional<DataSource> acks;

    /** {@code acks}: connections as the acknowledging user; empty when acknowledging is off. */
    public AlertFeed(DataSource reader, Optional<DataSource> acks) {
        this.reader = reader;
        this.acks = acks;
    }

    public List<Map<String, Object>> current(Optional<String> street) throws SQLException {
        try (Connection c = reader.getConnection();
                PreparedStatement s = c.prepareStatement(FEED)) {
            s.setString(1, street.orElse(""));
            s.setString(2, street.orElse(""));
            try (ResultSet rs = s.executeQuery()) {
                return JsonCells.rows(rs);
            }
        }
    }

    /**
     * Records that {@code username} acknowledged the alert's current firing; returns its transition id.
     * A firing already acknowledged is refused (409) and nothing is written. Synchronized, so that the
     * check and the insert are one step: two clicks at once write one row, not two. That holds for one
     * server; were several to acknowledge the same firing at once, {@code alert_acks} (a
     * ReplacingMergeTree by transition) would still merge their rows into one, read with FINAL.
     */
    public synchronized String acknowledge(String alertId, String username, Optional<String> street)
            throws SQLException {
        if (acks.isEmpty()) throw new AckRefused(503, "确认告警未启用 (alerts.ack-user is not configured)");
        String transition;
        try (Connection c = reader.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(CURRENT)) {
                s.setString(1, alertId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || (street.isPresent() && !street.get().equals(rs.getString(3)))) {
                        throw new AckRefused(404, "no alert '" + alertId + "'");
                    }
                    if (!"firing".equals(rs.getString(2)))
                        throw new AckRefused(409, "告警 '" + alertId + "' 当前不在触发状态 (not firing)");
                    transition = rs.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(ACKED)) {
                s.setString(1, transition);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        throw new AckRefused(
                                409,
                                "告警 '" + alertId + "' 已由 " + rs.getString(1) + " 于 " + rs.getString(2)
                                        + " 确认 (already acknowledged by " + rs.getString(1) + " at " + rs.getString(2)
                                        + ")");
                    }
                }
            }
        }
        try (Connection c = acks.get().getConnection();
                PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, alertId);
            s.setString(2, transition);
            s.setString(3, username);
            s.setObject(4, Instant.now());
            s.executeUpdate();
        }
        return transition;
    }
}
