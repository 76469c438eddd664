package cn.binjiang.union.jobs.sink.clickhouse;

import cn.binjiang.union.schema.ids.PersonalDataMasker;
import com.clickhouse.client.api.ClickHouseException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.metadata.NoSuchColumnException;
import java.util.Set;

/**
 * What a failed insert says: whether sending the same batch again can succeed, and a one-line
 * description of it for the log (the messages of the driver and of the root cause, never the rows).
 *
 * <p>Retryable: no answer at all (connection refused or lost, a timeout: the driver's
 * {@code ConnectionInitiationException}, {@code DataTransferException}, any I/O error), and the answers
 * ClickHouse's own Java client retries, which it says by {@link ClickHouseException#isRetryable()} (in
 * client-v2 0.10.0: 3 UNEXPECTED_END_OF_FILE, 107 FILE_DOESNT_EXIST, 159 TIMEOUT_EXCEEDED, 164 READONLY,
 * 202 TOO_MANY_SIMULTANEOUS_QUERIES, 203 NO_FREE_CONNECTION, 209 SOCKET_TIMEOUT, 210 NETWORK_ERROR, 241
 * MEMORY_LIMIT_EXCEEDED, 242 TABLE_IS_READ_ONLY, 252 TOO_MANY_PARTS, 285 TOO_FEW_LIVE_REPLICAS, 319
 * UNKNOWN_STATUS_OF_INSERT, 425 SYSTEM_ERROR, 999 KEEPER_EXCEPTION), and {@link #ALSO_RETRYABLE}.
 *
 * <p>Permanent: every other answer of ClickHouse (an unknown table or column, a type mismatch, a syntax
 * error, refused credentials, ...), and a row the driver refused to serialise for the table's schema
 * before sending it (a column missing from it, a value its type cannot take). The same batch would be
 * refused for ever, so the writer fails the job at once, naming the failure, instead of waiting on it
 * like on an outage.
 */
final class InsertFailure {
    /**
     * Answers of a server going away or of something between it and the job, which the client does not
     * list: 0, an HTTP error without a ClickHouse code (a proxy's 502/503, a server still starting); 394
     * QUERY_WAS_CANCELLED, what a shutting-down server answers the queries it cancels; 1000 POCO_EXCEPTION,
     * its network layer failing in the middle of a request.
     */
    static final Set<Integer> ALSO_RETRYABLE = Set.of(ServerException.CODE_UNKNOWN, 394, 1000);

    private InsertFailure() {}

    /** True when ClickHouse answered with an error its client would not retry, or the driver refused a row. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServerException server)
                return !server.isRetryable() && !ALSO_RETRYABLE.contains(server.getCode());
            if (t instanceof NoSuchColumnException || t instanceof IllegalArgumentException) return true;
        }
        return false;
    }

    /**
     * The failure with every message of its chain masked and its stack traces kept: what a job's failure
     * carries, and Flink logs whole, while a driver's message may quote a value it could not convert.
     */
    static Exception masked(Throwable failure) {
        return new MaskedFailure(
                failure,
                failure.getCause() == null || failure.getCause() == failure ? null : masked(failure.getCause()));
    }

    /** One failure of the chain: its class and masked message. */
    private static final class MaskedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        MaskedFailure(Throwable original, Exception cause) {
            super(
                    original.getClass().getName() + ": "
                            + PersonalDataMasker.mask(String.valueOf(original.getMessage())),
                    cause);
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * The driver's message and, when another, the root cause's (it says e.g. "Connection refused"), first lines only.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = firstLine(failure.getMessage());
        return root == failure
                ? message
                : message + " (" + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) return "no message";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
