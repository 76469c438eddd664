package cn.binjiang.union.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.bench.load.LoadVerification.StoredBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadVerificationTest {
    private static final long ROWS = LoadRows.BATCH_ROWS;

    /** Client {@code client} sent {@code sent} inserts; those in {@code failed} were not answered 200. */
    private static LoadLedger ledger(int client, int sent, int... failed) {
        LoadLedger ledger = new LoadLedger(client);
        List<Integer> failures = new ArrayList<>();
        for (int f : failed) failures.add(f);
        for (int i = 0; i < sent; i++) {
            int batch = ledger.nextBatch();
            if (failures.contains(batch)) ledger.failed(batch);
            else ledger.acknowledged(batch);
        }
        return ledger;
    }

    private static StoredBatch whole(int client, int batch) {
        return new StoredBatch(client, batch, ROWS, ROWS);
    }

    @Test
    void everyAcknowledgedInsertStoredOnceIsExact() {
        LoadVerification.Result r = LoadVerification.check(
                List.of(ledger(0, 2), ledger(1, 1)),
                List.of(whole(0, 0), whole(0, 1), whole(1, 0)),
                3 * ROWS,
                3 * ROWS);

        assertThat(r.exact()).isTrue();
        assertThat(r.rowsAcknowledged()).isEqualTo(3 * ROWS);
        assertThat(r.firstProblems()).isEmpty();
    }

    @Test
    void anAcknowledgedInsertNotStoredIsMissing() {
        LoadVerification.Result r = LoadVerification.check(List.of(ledger(0, 2)), List.of(whole(0, 0)), ROWS, ROWS);

        assertThat(r.exact()).isFalse();
        assertThat(r.missingRows()).isEqualTo(ROWS);
        assertThat(r.firstProblems()).containsExactly("client 0 insert 1: acknowledged, not stored");
    }

    @Test
    void anInsertStoredTwiceIsDuplicated() {
        LoadVerification.Result r = LoadVerification.check(
                List.of(ledger(0, 1)), List.of(new StoredBatch(0, 0, 2 * ROWS, ROWS)), 2 * ROWS, ROWS);

        assertThat(r.exact()).isFalse();
        assertThat(r.duplicateRows()).isEqualTo(ROWS);
        assertThat(r.missingRows()).isZero();
    }

    @Test
    void anInsertStoredInPartIsMissingTheRest() {
        LoadVerification.Result r =
                LoadVerification.check(List.of(ledger(0, 1)), List.of(new StoredBatch(0, 0, 600, 600)), 600, 600);

        assertThat(r.missingRows()).isEqualTo(ROWS - 600);
        assertThat(r.firstProblems())
                .containsExactly("client 0 insert 0: 600 rows stored, 600 distinct, of 1000 acknowledged");
    }

    @Test
    void aFailedInsertThatLandedIsToldApartFromALoss() {
        LoadVerification.Result r =
                LoadVerification.check(List.of(ledger(0, 2, 1)), List.of(whole(0, 0), whole(0, 1)), 2 * ROWS, 2 * ROWS);

        assertThat(r.rowsAcknowledged()).isEqualTo(ROWS);
        assertThat(r.rowsOfFailedInserts()).isEqualTo(ROWS);
        assertThat(r.missingRows()).isZero();
        assertThat(r.exact()).isFalse();
    }

    @Test
    void aFailedInsertThatDidNotLandLeavesTheRestExact() {
        LoadVerification.Result r =
                LoadVerification.check(List.of(ledger(0, 3, 1)), List.of(whole(0, 0), whole(0, 2)), 2 * ROWS, 2 * ROWS);

        assertThat(r.exact()).isTrue();
    }

    @Test
    void rowsOfAnInsertNoClientSentAreReported() {
        LoadVerification.Result r = LoadVerification.check(
                List.of(ledger(0, 1)), List.of(whole(0, 0), whole(0, 5), whole(7, 0)), 3 * ROWS, 3 * ROWS);

        assertThat(r.rowsNeverSent()).isEqualTo(2 * ROWS);
        assertThat(r.exact()).isFalse();
    }

    @Test
    void theTablesTotalsMustAgreeToo() {
        LoadVerification.Result r = LoadVerification.check(List.of(ledger(0, 1)), List.of(whole(0, 0)), ROWS + 1, ROWS);

        assertThat(r.exact()).isFalse();
    }

    @Test
    void keepsTheFirstFewProblemsOnly() {
        LoadVerification.Result r = LoadVerification.check(List.of(ledger(0, 50)), List.of(), 0, 0);

        assertThat(r.missingRows()).isEqualTo(50 * ROWS);
        assertThat(r.firstProblems()).hasSize(LoadVerification.PROBLEMS_KEPT);
    }
}
