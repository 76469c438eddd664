package cn.binjiang.union.jobs.sink.clickhouse;

import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.metadata.NoSuchColumnException;
import java.util.Set;

/**
 * What a failed insert says: whether sending the same batch again can succeed, and a one-line
 * description of it for the log (the messages of the driver and of the root cause, never the rows).
 */
final class InsertFailure {
    /**
     * ClickHouse's answers that mean the statement, the table or the credentials are wrong: the same
     * batch would be refused for ever, so the writer fails at once, naming the failure, instead of
     * waiting on it like on an outage. Every other failure (no answer, a timeout, a server too busy
     * or restarting, a code not listed here) is retried as before.
     */
    private static final Set<Integer> PERMANENT_SERVER_CODES = Set.of(
            8, // THERE_IS_NO_COLUMN
            10, // NOT_FOUND_COLUMN_IN_BLOCK
            16, // NO_SUCH_COLUMN_IN_TABLE
            47, // UNKNOWN_IDENTIFIER
            53, // TYPE_MISMATCH
            60, // UNKNOWN_TABLE
            62, // SYNTAX_ERROR
            70, // CANNOT_CONVERT_TYPE
            81, // UNKNOWN_DATABASE
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            194, // REQUIRED_PASSWORD
            291, // DATABASE_ACCESS_DENIED
            497, // ACCESS_DENIED
            516); // AUTHENTICATION_FAILED

    private InsertFailure() {}

    /**
     * True when ClickHouse refused the statement itself, or when the driver refused to serialise a
     * row for the table's schema (a column missing from it, a null for a column that takes none):
     * the driver's RowBinary writer checks the rows against the schema before sending them.
     */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchColumnException || t instanceof IllegalArgumentException) return true;
            if (t instanceof ServerException server && PERMANENT_SERVER_CODES.contains(server.getCode())) return true;
        }
        return false;
    }

    /** The driver's message and, when another, the root cause's (it says e.g. "Connection refused"), first lines only. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = firstLine(failure.getMessage());
        return root == failure ? message : message + " (" + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) return "no message";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
