package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class TooLateFilterTest {
    private static final long HORIZON = 60_000;
    private static final long WATERMARK = 1_000_000;
    private static final int MAX_PARALLELISM = 128;

    @Test
    void lateEventsInsideTheHorizonPassAndOlderOnesAreDeadLetteredWithTheirSourcePosition() throws Exception {
        try (var harness = harness(1, 0)) {
            harness.open();
            harness.processWatermark(WATERMARK);

            harness.processElement(event("in-time", WATERMARK - HORIZON), 0);
            harness.processElement(event("too-late", WATERMARK - HORIZON - 1), 0);

            assertThat(harness.extractOutputValues())
                    .extracting(AcceptedEvent::eventId)
                    .containsExactly("in-time");
            List<DeadLetter> dead = deadLetters(harness);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).reason()).isEqualTo("too_late");
            assertThat(dead.get(0).topic()).isEqualTo("aid");
            assertThat(dead.get(0).partition()).isEqualTo(3);
            assertThat(dead.get(0).offset()).isEqualTo(42);
            assertThat(dead.get(0).detail()).contains("too-late", "1970-01-01T00:15:40Z");
        }
    }

    @Test
    void aRevisionBeyondTheHorizonIsDeadLetteredAsSuchAndStillHandedOnMarkedForItsRawTable() throws Exception {
        try (var harness = harness(1, 0)) {
            harness.open();
            harness.processWatermark(WATERMARK);

            AcceptedEvent withdrawal =
                    new AcceptedEvent("old", 2, true, "aid", WATERMARK - HORIZON - 1, new byte[] {1}, "aid", 3, 43);
            harness.processElement(withdrawal, 0);
            harness.processElement(event("old-original", WATERMARK - HORIZON - 1), 0);

            assertThat(deadLetters(harness))
                    .extracting(DeadLetter::reason)
                    .containsExactly("revision_too_late", "too_late");
            assertThat(deadLetters(harness).get(0).detail())
                    .startsWith("revision 2 (a withdrawal) of aid event old")
                    .endsWith("kept in its raw table, not counted live; ./platform kpi rebuild applies it");
            assertThat(harness.extractOutputValues())
                    .as("only the revision goes on, to its raw table; a too-late first sending does not")
                    .extracting(
                            AcceptedEvent::eventId,
                            AcceptedEvent::revision,
                            AcceptedEvent::offset,
                            AcceptedEvent::tooLateToCount)
                    .containsExactly(Tuple.tuple("old", 2, 43L, true));
        }
    }

    @Test
    void beforeAnyWatermarkNothingIsTooLate() throws Exception {
        try (var harness = harness(1, 0)) {
            harness.open();

            harness.processElement(event("ancient", 0), 0);

            assertThat(harness.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void theCutOffSurvivesARestoreThoughTheWatermarkStartsAgainFromNothing() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness(1, 0)) {
            before.open();
            before.processElement(event("counted", WATERMARK), WATERMARK);
            // a watermark after the last element: downstream state may already have expired on it
            before.processWatermark(WATERMARK);
            snapshot = before.snapshot(1, 1);
        }

        try (var after = harness(1, 0)) {
            after.initializeState(snapshot);
            after.open();

            after.processElement(event("re-sent-old", WATERMARK - HORIZON - 1), 0);
            after.processElement(event("late-inside", WATERMARK - HORIZON), 0);

            assertThat(after.extractOutputValues())
                    .extracting(AcceptedEvent::eventId)
                    .containsExactly("late-inside");
            assertThat(deadLetters(after)).extracting(DeadLetter::reason).containsExactly("too_late");
        }
    }

    @Test
    void onARestoreWithAnotherParallelismEverySubtaskTakesTheHighestCutOff() throws Exception {
        OperatorSubtaskState behind = snapshotAt(2, 0, WATERMARK - 5_000);
        OperatorSubtaskState ahead = snapshotAt(2, 1, WATERMARK);
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(behind, ahead);

        for (int subtask = 0; subtask < 3; subtask++) {
            try (var after = harness(3, subtask)) {
                after.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        both, MAX_PARALLELISM, 2, 3, subtask));
                after.open();

                assertThat(((TooLateFilter) after.getOperator()).cutOff())
                        .as("subtask %d", subtask)
                        .isEqualTo(WATERMARK - HORIZON);
            }
        }
    }

    @Test
    void theEndOfABoundedInputMovesNoCutOff() throws Exception {
        try (var harness = harness(1, 0)) {
            harness.open();
            harness.processWatermark(WATERMARK);
            harness.processWatermark(Long.MAX_VALUE);

            assertThat(((TooLateFilter) harness.getOperator()).cutOff()).isEqualTo(WATERMARK - HORIZON);
        }
    }

    private static OperatorSubtaskState snapshotAt(int parallelism, int subtask, long watermark) throws Exception {
        try (var harness = harness(parallelism, subtask)) {
            harness.open();
            harness.processWatermark(watermark);
            return harness.snapshot(1, 1);
        }
    }

    private static OneInputStreamOperatorTestHarness<AcceptedEvent, AcceptedEvent> harness(int parallelism, int subtask)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new TooLateFilter(HORIZON), MAX_PARALLELISM, parallelism, subtask);
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<AcceptedEvent, AcceptedEvent> harness) {
        return harness.getSideOutput(TooLateFilter.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .toList();
    }

    private static AcceptedEvent event(String id, long occurredAt) {
        return new AcceptedEvent(id, 0, false, "aid", occurredAt, new byte[] {1}, "aid", 3, 42);
    }
}
