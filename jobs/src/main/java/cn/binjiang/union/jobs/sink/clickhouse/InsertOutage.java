package cn.binjiang.union.jobs.sink.clickhouse;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the job's log when one writer's inserts start failing and when they succeed again, once
 * each: a WARN with the cause at the first failed attempt, an INFO with how long it lasted and how
 * many attempts failed at the first success after it. The attempts in between go to DEBUG: an
 * outage of minutes is two lines per writer, not one per back-off step.
 */
final class InsertOutage {
    private static final Logger LOG = LoggerFactory.getLogger(InsertOutage.class);

    private final String writer;
    private int failedAttempts;
    private long downSinceNanos;

    /** {@code subtask} counts from 0, as Flink's index; the log shows it from 1, as Flink's task names. */
    InsertOutage(String table, int subtask, int subtasks) {
        this.writer = table + ", subtask " + (subtask + 1) + "/" + subtasks;
    }

    void attemptFailed(Throwable cause, long retryInMillis) {
        failedAttempts++;
        String description = InsertFailure.describe(cause);
        if (failedAttempts == 1) {
            downSinceNanos = System.nanoTime();
            LOG.warn(
                    "ClickHouse unreachable: inserts into {} fail, retrying with back-off until they succeed"
                            + " (the job is held back meanwhile): {}",
                    writer,
                    description);
        } else {
            LOG.debug(
                    "inserts into {}: attempt {} failed, retrying in {} ms: {}",
                    writer,
                    failedAttempts,
                    retryInMillis,
                    description);
        }
    }

    void attemptSucceeded() {
        if (failedAttempts == 0) return;
        double downSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos) / 1000.0;
        LOG.info(
                "ClickHouse recovered: inserts into {} succeed again after {} s and {} failed attempts",
                writer,
                String.format(Locale.ROOT, "%.1f", downSeconds),
                failedAttempts);
        failedAttempts = 0;
    }
}
