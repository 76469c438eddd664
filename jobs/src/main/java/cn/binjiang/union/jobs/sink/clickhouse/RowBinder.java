package cn.binjiang.union.jobs.sink.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * How one element becomes one row of one ClickHouse table: the table, its columns, and the
 * binding of an element to the {@code ?} placeholders of {@code INSERT INTO table (columns)
 * VALUES (?, ...)}, in the order of {@link #columns()}.
 *
 * <p>The {@link ClickHouseSink} may insert a row more than once (a batch re-sent after a failure
 * whose insert had in fact succeeded, a replay after a restore). That is only harmless because
 * every table written through a binder is a ReplacingMergeTree whose sorting key is the row's
 * identity: a binder must only target such a table.
 */
public interface RowBinder<T> extends Serializable {
    String table();

    List<String> columns();

    void bind(PreparedStatement statement, T element) throws SQLException;

    /**
     * An element as a failure names it when ClickHouse refuses its batch for good (the sink masks resident IDs in it).
     */
    default String describe(T element) {
        return String.valueOf(element);
    }

    /** The statement {@link #bind} fills: one row of {@link #columns()} into {@link #table()}. */
    default String insertSql() {
        return "INSERT INTO " + table() + " (" + String.join(", ", columns()) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns().size(), "?")) + ")";
    }
}
