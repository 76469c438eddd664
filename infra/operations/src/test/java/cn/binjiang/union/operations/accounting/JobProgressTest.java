package cn.binjiang.union.operations.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    private static final Map<String, JobProgress.Stored> EVERY_RECORD_STORED = storedOfEnrollment(90, 6, 4);

    /** ClickHouse holding this of enrollment, and all 30 training records as events. */
    private static Map<String, JobProgress.Stored> storedOfEnrollment(long accepted, long duplicates, long rejected) {
        return Map.of(
                "enrollment",
                new JobProgress.Stored(accepted, duplicates, rejected),
                "training",
                new JobProgress.Stored(30, 0, 0));
    }

    /**
     * enrollment: 100 records consumed over two partitions, the first with 20 records gone from the log; training: 30.
     */
    private static List<PartitionOffsets> consumedToTheEnd() {
        return List.of(
                new PartitionOffsets("enrollment", 0, 20, 80, 80),
                new PartitionOffsets("enrollment", 1, 0, 40, 40),
                new PartitionOffsets("training", 0, 0, 30, 30),
                new PartitionOffsets("legal", 0, 0, 0, 0));
    }

    @Test
    void noLagAndEveryConsumedRecordStoredDuplicateOrRejectedIsCaughtUp() {
        JobProgress progress = JobProgress.of("", consumedToTheEnd(), EVERY_RECORD_STORED);

        assertThat(progress.caughtUp()).isTrue();
        assertThat(progress.shortfall()).isEmpty();
        assertThat(progress.consumed()).isEqualTo(130);
        assertThat(progress.accounted()).isEqualTo(130);
        assertThat(progress.streams()).first().isEqualTo(new StreamAccount("enrollment", 100, 90, 6, 4));
        assertThat(progress.streams())
                .extracting(StreamAccount::stream)
                .containsExactly("enrollment", "training", "competition", "aid", "legal");
    }

    @Test
    void recordsLeftInAPartitionAreNotCaughtUpEvenWhenWhatWasConsumedBalances() {
        List<PartitionOffsets> partitions = List.of(
                new PartitionOffsets("enrollment", 0, 20, 80, 95),
                new PartitionOffsets("enrollment", 1, 0, 40, 40),
                new PartitionOffsets("training", 0, 0, 30, 31));

        JobProgress progress = JobProgress.of("", partitions, EVERY_RECORD_STORED);

        assertThat(progress.streams()).allMatch(StreamAccount::balanced);
        assertThat(progress.caughtUp()).isFalse();
        assertThat(progress.lag()).isEqualTo(16);
        assertThat(progress.shortfall()).isEqualTo("lag 16");
    }

    @Test
    void noLagButDuplicatesNotYetInClickHouseIsNotCaughtUp() {
        JobProgress progress = JobProgress.of("", consumedToTheEnd(), storedOfEnrollment(90, 0, 4));

        assertThat(progress.lag()).isZero();
        assertThat(progress.caughtUp()).isFalse();
        assertThat(progress.shortfall()).isEqualTo("enrollment 100 consumed but 94 in ClickHouse");
    }

    @Test
    void moreInClickHouseThanTheGroupCommittedIsNotCaughtUp() {
        // the sinks flushed records the next checkpoint has not committed yet (or another group's)
        JobProgress progress = JobProgress.of("", consumedToTheEnd(), storedOfEnrollment(95, 6, 4));

        assertThat(progress.caughtUp()).isFalse();
        assertThat(progress.shortfall()).isEqualTo("enrollment 100 consumed but 105 in ClickHouse");
    }

    @Test
    void aTopicPrefixCountsOnlyThePrefixedTopics() {
        List<PartitionOffsets> partitions = new ArrayList<>(List.of(new PartitionOffsets("enrollment", 0, 0, 7, 7)));
        consumedToTheEnd()
                .forEach(p -> partitions.add(new PartitionOffsets(
                        "bench-1-" + p.topic(), p.partition(), p.earliest(), p.committed(), p.end())));

        JobProgress progress = JobProgress.of("bench-1-", partitions, EVERY_RECORD_STORED);

        assertThat(progress.streams())
                .first()
                .extracting(StreamAccount::consumed)
                .isEqualTo(100L);
        assertThat(progress.caughtUp()).isTrue();
    }

    @Test
    void anEmptyTopicWithNothingStoredBalancesAndAGroupWithoutCommitsHasConsumedNothing() {
        List<PartitionOffsets> nothingCommitted = List.of(new PartitionOffsets("aid", 0, 5, 5, 12));

        JobProgress progress = JobProgress.of("", nothingCommitted, Map.of());

        assertThat(progress.streams()).allMatch(StreamAccount::balanced);
        assertThat(progress.consumed()).isZero();
        assertThat(progress.caughtUp()).isFalse();
        assertThat(progress.shortfall()).isEqualTo("lag 7");
    }

    @Test
    void committedPastWhatWasSentIsCaughtUpWithItWhileALiveLoadKeepsSending() {
        // sent: enrollment-0 up to 80, enrollment-1 up to 40, training-0 up to 30; then 15 + 1 live records more,
        // of which ClickHouse already holds 3 whose offsets the next checkpoint will commit
        List<PartitionOffsets> sent = consumedToTheEnd();
        List<PartitionOffsets> now = List.of(
                new PartitionOffsets("enrollment", 0, 20, 80, 95),
                new PartitionOffsets("enrollment", 1, 0, 40, 40),
                new PartitionOffsets("training", 0, 0, 30, 31),
                new PartitionOffsets("legal", 0, 0, 0, 0));

        JobProgress progress = JobProgress.of("", now, storedOfEnrollment(93, 6, 4));

        assertThat(progress.caughtUp()).isFalse();
        assertThat(progress.caughtUpWith(sent)).isTrue();
    }

    @Test
    void aPartitionCommittedShortOfWhatWasSentIsNotCaughtUpWithIt() {
        List<PartitionOffsets> sent = List.of(new PartitionOffsets("enrollment", 1, 0, 0, 41));

        JobProgress progress = JobProgress.of("", consumedToTheEnd(), EVERY_RECORD_STORED);

        assertThat(progress.caughtUp()).isTrue();
        assertThat(progress.caughtUpWith(sent)).isFalse();
    }

    @Test
    void committedPastWhatWasSentButARecordConsumedMissingFromClickHouseIsNotCaughtUpWithIt() {
        List<PartitionOffsets> now = List.of(
                new PartitionOffsets("enrollment", 0, 20, 80, 95),
                new PartitionOffsets("enrollment", 1, 0, 40, 40),
                new PartitionOffsets("training", 0, 0, 30, 30));

        JobProgress progress = JobProgress.of("", now, storedOfEnrollment(89, 6, 4));

        assertThat(progress.caughtUpWith(consumedToTheEnd())).isFalse();
    }

    @Test
    void withNothingSentSinceCaughtUpWithWhatWasSentIsCaughtUpAndBalancedExactly() {
        JobProgress progress = JobProgress.of("", consumedToTheEnd(), storedOfEnrollment(95, 6, 4));

        assertThat(progress.lag()).isZero();
        assertThat(progress.caughtUpWith(consumedToTheEnd())).isFalse();
    }
}
