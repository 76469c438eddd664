package cn.binjiang.union.dashboards.api;

import cn.binjiang.union.schema.kpi.KpiCalendar;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The data's own clock, which the cockpit's "数据截至" shows and kpi_progress measures pace by: the newest event
 * time the KPI job has accepted (view {@code data_clock}), never the wall clock. It is the district's one clock, the
 * same for every user: a street's newest event would make a quiet street's year look further behind than it is.
 */
public final class DataClock {
    static final String AS_OF = "SELECT toUnixTimestamp64Milli(as_of) FROM data_clock";
    /** Beijing time to the millisecond with its offset, the same text whatever zone the browser is in. */
    static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(KpiCalendar.ZONE);

    private final DataSource dataSource;

    public DataClock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest accepted event time, empty before the first event. */
    public Optional<Instant> asOf() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(AS_OF)) {
            rs.next();
            long millis = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
        }
    }

    /** {@code asOf} as the API answers it, e.g. {@code 2022-12-31T17:45:00.000+08:00}. */
    public static String text(Instant asOf) {
        return FORMAT.format(asOf);
    }
}
