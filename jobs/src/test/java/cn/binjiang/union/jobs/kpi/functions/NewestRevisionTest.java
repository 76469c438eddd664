package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.CountChange;
import cn.binjiang.union.jobs.kpi.records.DuplicateEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class NewestRevisionTest {
    private static final long HORIZON = 10_000;

    @Test
    void aResentEventIsSetAsideAsADuplicateAndItsMemoryEndsJustPastTheLateHorizon() throws Exception {
        try (var harness = harness()) {
            harness.processElement(event("e1", 0, false, 1_000, 7), 1_000);
            harness.processElement(event("e1", 0, false, 1_000, 8), 1_000);
            harness.processElement(event("e2", 0, false, 2_000, 9), 2_000);

            assertThat(harness.extractOutputValues())
                    .extracting(CountChange::eventId, c -> c.takenBack() == null, c -> payloadOf(c.counted()))
                    .containsExactly(Tuple.tuple("e1", true, 7), Tuple.tuple("e2", true, 9));
            assertThat(harness.getSideOutput(NewestRevision.DUPLICATES))
                    .map(StreamRecord::getValue)
                    .extracting(
                            DuplicateEvent::eventId,
                            DuplicateEvent::stream,
                            DuplicateEvent::topic,
                            DuplicateEvent::offset)
                    .containsExactly(Tuple.tuple("e1", "aid", "aid", 8L));
            assertThat(stored(harness)).containsExactly(Tuple.tuple("e1", 0), Tuple.tuple("e2", 0));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

            // at a watermark of occurredAt + horizon a copy is not too late yet (the cut-off refuses strictly before
            // it)
            harness.processWatermark(1_000 + HORIZON);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
            harness.processWatermark(1_000 + HORIZON + 1);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
            harness.processWatermark(2_000 + HORIZON + 1);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aHigherRevisionTakesBackTheOneCountedAndALowerOneArrivingAfterChangesNothing() throws Exception {
        try (var harness = harness()) {
            harness.processElement(event("e1", 0, false, 1_000, 1), 1_000);
            harness.processElement(event("e1", 2, false, 1_000, 2), 1_000);
            harness.processElement(event("e1", 1, false, 1_000, 3), 1_000);
            harness.processElement(event("e1", 2, false, 1_000, 4), 1_000);
            harness.processElement(event("e1", 3, true, 1_000, 5), 1_000);
            harness.processElement(event("e1", 4, false, 1_000, 6), 1_000);

            assertThat(harness.extractOutputValues())
                    .extracting(c -> payloadOf(c.takenBack()), c -> payloadOf(c.counted()))
                    .as("first sending, correction 2, withdrawal 3, correction 4 reinstating it")
                    .containsExactly(
                            Tuple.tuple(null, 1), Tuple.tuple(1, 2), Tuple.tuple(2, null), Tuple.tuple(null, 6));
            assertThat(stored(harness))
                    .as("every revision once, the superseded one and the withdrawal included")
                    .containsExactly(
                            Tuple.tuple("e1", 0),
                            Tuple.tuple("e1", 2),
                            Tuple.tuple("e1", 1),
                            Tuple.tuple("e1", 3),
                            Tuple.tuple("e1", 4));
            assertThat(harness.getSideOutput(NewestRevision.DUPLICATES))
                    .map(StreamRecord::getValue)
                    .extracting(DuplicateEvent::offset)
                    .containsExactly(4L);
        }
    }

    @Test
    void aWithdrawalBeforeItsEventCountsNothingAndTheMemoryLastsForTheLatestTimeARevisionCarries() throws Exception {
        try (var harness = harness()) {
            harness.processElement(event("e1", 1, true, 5_000, 1), 5_000);
            harness.processElement(event("e1", 0, false, 1_000, 2), 1_000);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(stored(harness)).containsExactly(Tuple.tuple("e1", 1), Tuple.tuple("e1", 0));

            harness.processWatermark(1_000 + HORIZON + 1);
            assertThat(harness.numKeyedStateEntries())
                    .as("revision 1 carries a later time: a copy of it still passes the cut-off")
                    .isEqualTo(1);
            harness.processElement(event("e1", 1, true, 5_000, 3), 5_000);
            assertThat(harness.getSideOutput(NewestRevision.DUPLICATES)).hasSize(1);
            harness.processWatermark(5_000 + HORIZON + 1);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aRevisionTooLateToCountIsStoredAndChangesNothingElse() throws Exception {
        try (var harness = harness()) {
            harness.processElement(event("e1", 0, false, 50_000, 1), 50_000);
            harness.processElement(event("e1", 1, true, 50_000, 2).asTooLateToCount(), 50_000);
            harness.processElement(event("e2", 3, false, 1_000, 3).asTooLateToCount(), 1_000);

            assertThat(harness.extractOutputValues())
                    .extracting(c -> payloadOf(c.takenBack()), c -> payloadOf(c.counted()))
                    .as("the withdrawal came too late: the event stays counted")
                    .containsExactly(Tuple.tuple(null, 1));
            assertThat(stored(harness))
                    .containsExactly(Tuple.tuple("e1", 0), Tuple.tuple("e1", 1), Tuple.tuple("e2", 3));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AcceptedEvent, CountChange> harness()
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new NewestRevision(HORIZON)), AcceptedEvent::eventId, Types.STRING);
        harness.open();
        return harness;
    }

    private static java.util.List<Tuple> stored(
            KeyedOneInputStreamOperatorTestHarness<String, AcceptedEvent, CountChange> harness) {
        return harness.getSideOutput(NewestRevision.STORED).stream()
                .map(StreamRecord::getValue)
                .map(e -> Tuple.tuple(e.eventId(), e.revision()))
                .toList();
    }

    /** The test's payloads are one byte: the offset the revision was read at. */
    private static Integer payloadOf(byte[] payload) {
        return payload == null ? null : (int) payload[0];
    }

    private static AcceptedEvent event(String id, int revision, boolean withdrawn, long occurredAt, long offset) {
        return new AcceptedEvent(
                id, revision, withdrawn, "aid", occurredAt, new byte[] {(byte) offset}, "aid", 0, offset);
    }
}
