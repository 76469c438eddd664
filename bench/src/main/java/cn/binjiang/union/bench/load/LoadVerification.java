package cn.binjiang.union.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the table holds every row the load test's clients were told was stored, each once, and
 * nothing else. The table's rows are counted per insert (the id says whose and which, {@link LoadRows})
 * and compared with each client's ledger: an acknowledged insert must be there whole and once; a
 * failed one may or may not have landed (ClickHouse writes an insert's block as one part, so whole or
 * not at all), which is reported, not counted as a loss; an insert never sent must not be there.
 */
public final class LoadVerification {
    static final int PROBLEMS_KEPT = 10;

    /** The rows of one insert the table holds: {@code rows} counted, {@code distinctIds} of them distinct. */
    record StoredBatch(int client, int batch, long rows, long distinctIds) {}

    /**
     * @param rowsAcknowledged rows of inserts answered 200
     * @param rowsStored the table's {@code count()}
     * @param distinctIds the table's {@code uniqExact(id)}
     * @param missingRows rows of acknowledged inserts not in the table
     * @param duplicateRows rows in the table more than once
     * @param rowsOfFailedInserts rows of inserts that were not answered 200 but landed
     * @param rowsNeverSent rows of no insert any client sent
     */
    public record Result(
            long rowsAcknowledged,
            long rowsStored,
            long distinctIds,
            long missingRows,
            long duplicateRows,
            long rowsOfFailedInserts,
            long rowsNeverSent,
            List<String> firstProblems) {
        /** Every acknowledged row once and no other, by the table's totals and insert by insert. */
        public boolean exact() {
            return missingRows == 0
                    && duplicateRows == 0
                    && rowsNeverSent == 0
                    && rowsOfFailedInserts == 0
                    && rowsStored == rowsAcknowledged
                    && distinctIds == rowsAcknowledged;
        }
    }

    private LoadVerification() {}

    static Result check(List<LoadLedger> ledgers, List<StoredBatch> stored, long rowsStored, long distinctIds) {
        Map<Integer, LoadLedger> byClient = new HashMap<>();
        long acknowledged = 0;
        for (LoadLedger ledger : ledgers) {
            byClient.put(ledger.client(), ledger);
            acknowledged += (long) ledger.acknowledgedCount() * LoadRows.BATCH_ROWS;
        }
        long missing = 0, duplicates = 0, ofFailed = 0, neverSent = 0;
        List<String> problems = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (StoredBatch batch : stored) {
            LoadLedger ledger = byClient.get(batch.client());
            seen.add(key(batch.client(), batch.batch()));
            duplicates += batch.rows() - batch.distinctIds();
            if (ledger != null && ledger.isAcknowledged(batch.batch())) {
                missing += LoadRows.BATCH_ROWS - batch.distinctIds();
                if (batch.rows() != LoadRows.BATCH_ROWS || batch.distinctIds() != LoadRows.BATCH_ROWS) {
                    note(
                            problems,
                            "client %d insert %d: %d rows stored, %d distinct, of %d acknowledged",
                            batch.client(),
                            batch.batch(),
                            batch.rows(),
                            batch.distinctIds(),
                            LoadRows.BATCH_ROWS);
                }
            } else if (ledger != null && ledger.isFailed(batch.batch())) {
                ofFailed += batch.distinctIds();
                note(
                        problems,
                        "client %d insert %d: not acknowledged, yet %d rows stored",
                        batch.client(),
                        batch.batch(),
                        batch.rows());
            } else {
                neverSent += batch.distinctIds();
                note(
                        problems,
                        "client %d insert %d: never sent, yet %d rows stored",
                        batch.client(),
                        batch.batch(),
                        batch.rows());
            }
        }
        for (LoadLedger ledger : ledgers) {
            for (int batch : ledger.acknowledgedBatches()) {
                if (!seen.contains(key(ledger.client(), batch))) {
                    missing += LoadRows.BATCH_ROWS;
                    note(problems, "client %d insert %d: acknowledged, not stored", ledger.client(), batch);
                }
            }
        }
        return new Result(
                acknowledged, rowsStored, distinctIds, missing, duplicates, ofFailed, neverSent, List.copyOf(problems));
    }

    private static long key(int client, int batch) {
        return (long) client << 32 | batch;
    }

    private static void note(List<String> problems, String format, Object... args) {
        if (problems.size() < PROBLEMS_KEPT) problems.add(String.format(format, args));
    }
}
