package cn.binjiang.union.jobs.sink.clickhouse;

import cn.binjiang.union.schema.ids.PersonalDataMasker;
import com.clickhouse.client.api.ClickHouseException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts one batch with one {@code INSERT}, and does not return until ClickHouse has it: a
 * failure closes the connection, waits with bounded exponential back-off and tries again on a new
 * one, for as long as ClickHouse is away (or until the configured retry timeout). The caller is
 * blocked meanwhile, which is what turns an outage into back-pressure instead of loss. A failure
 * no retry can cure (an unknown table or column, a type mismatch, refused credentials: see
 * {@link InsertFailure}) fails the writer, and so the job, at once instead, naming the table, the
 * failure and one row of the batch, resident IDs masked.
 *
 * <p>The log says an outage twice per writer, when it starts and when it ends ({@link InsertOutage}).
 *
 * <p>A retried batch may already be in ClickHouse (the insert succeeded but the answer was lost);
 * sending it again is harmless only because the target tables deduplicate on the row's identity
 * (see {@link RowBinder}).
 */
final class BatchInserter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);
    /**
     * A row in a failure's message is cut here: a raw event is a few hundred characters, a dead letter's payload may be
     * a KiB.
     */
    static final int MAX_ROW_CHARS = 1_000;

    private final ClickHouseSinkConfig config;
    private final RowBinder<T> binder;
    private final ClickHouseSinkMetrics metrics;
    private final InsertOutage outage;
    private final String insertSql;
    private Connection connection;
    private PreparedStatement statement;
    /**
     * The row being bound when the last attempt failed; -1 when it failed before or after binding (the statement as a
     * whole).
     */
    private int failedRow = -1;

    BatchInserter(
            ClickHouseSinkConfig config, RowBinder<T> binder, ClickHouseSinkMetrics metrics, InsertOutage outage) {
        this.config = config;
        this.binder = binder;
        this.metrics = metrics;
        this.outage = outage;
        this.insertSql = binder.insertSql();
    }

    void insert(List<T> rows) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Backoff backoff = new Backoff(config.minBackoff(), config.maxBackoff());
        for (int attempt = 1; ; attempt++) {
            try {
                insertOnce(rows);
                metrics.written(rows.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                outage.attemptSucceeded();
                return;
            } catch (SQLException e) {
                closeConnection();
                if (InsertFailure.isPermanent(e)) throw refused(rows, e);
                long failingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                if (config.retryTimeout()
                        .filter(timeout -> failingMillis >= timeout.toMillis())
                        .isPresent()) {
                    throw new IOException(
                            "inserting " + rows.size() + " rows into " + binder.table() + " failed for "
                                    + failingMillis + " ms (" + attempt + " attempts), beyond retryTimeout "
                                    + config.retryTimeout().get(),
                            e);
                }
                long delay = backoff.nextDelayMillis();
                metrics.retried();
                outage.attemptFailed(e, delay);
                Thread.sleep(delay);
            }
        }
    }

    /**
     * The failure of a batch no retry can cure, with the row it names: the one being bound when the driver
     * refused it, or else the batch's first (ClickHouse refuses a statement, not a row). Masked whole: a
     * driver's message may quote a value it could not convert.
     */
    private IOException refused(List<T> rows, SQLException e) {
        int shown = failedRow < 0 ? 0 : failedRow;
        String row;
        try {
            row = binder.describe(rows.get(shown));
        } catch (RuntimeException unshowable) {
            row = "(cannot be shown: " + unshowable + ")";
        }
        if (row.length() > MAX_ROW_CHARS) row = row.substring(0, MAX_ROW_CHARS) + "...";
        String message = "ClickHouse refused inserting " + rows.size() + " rows into " + binder.table() + " ("
                + String.join(", ", binder.columns()) + "), which no retry can cure: " + InsertFailure.describe(e)
                + "; "
                + (failedRow < 0 ? "the batch's first row" : "row " + (failedRow + 1) + " of the batch") + ": " + row;
        return new IOException(PersonalDataMasker.mask(message), InsertFailure.masked(e));
    }

    /** One statement per connection: preparing it reads the table's schema, a round trip not worth making per batch. */
    private void insertOnce(List<T> rows) throws SQLException {
        failedRow = -1;
        try {
            if (connection == null) {
                connection = connect();
                statement = connection.prepareStatement(insertSql);
            }
            for (int i = 0; i < rows.size(); i++) {
                failedRow = i;
                binder.bind(statement, rows.get(i));
                statement.addBatch();
            }
            failedRow = -1;
            statement.executeBatch();
        } catch (ClickHouseException e) {
            // The driver's RowBinary path lets its client's failures through unwrapped when it reads the
            // table's schema: ClickHouse away (retried like any outage) or the table missing (not retried).
            throw new SQLException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // A row the driver (or the binder) cannot put into the table's columns: judged like the driver's own
            // refusals.
            throw new SQLException(e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return ClickHouseConnections.forInserts(
                config.jdbcUrl(), config.user(), config.password(), config.requestTimeout());
    }

    private void closeConnection() {
        if (connection == null) return;
        statement = null;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a failed ClickHouse connection", e);
        }
        connection = null;
    }

    @Override
    public void close() {
        closeConnection();
    }
}
