package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.DuplicateEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class FirstOfEachEventTest {
    private static final long HORIZON = 10_000;

    @Test
    void aResentEventIsSetAsideAsADuplicateAndItsMemoryEndsJustPastTheLateHorizon() throws Exception {
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FirstOfEachEvent(HORIZON)), AcceptedEvent::eventId, Types.STRING)) {
            harness.open();

            harness.processElement(event("e1", 1_000, 7), 1_000);
            harness.processElement(event("e1", 1_000, 8), 1_000);
            harness.processElement(event("e2", 2_000, 9), 2_000);

            assertThat(harness.extractOutputValues())
                    .extracting(AcceptedEvent::eventId)
                    .containsExactly("e1", "e2");
            assertThat(harness.getSideOutput(FirstOfEachEvent.DUPLICATES))
                    .map(StreamRecord::getValue)
                    .extracting(
                            DuplicateEvent::eventId,
                            DuplicateEvent::stream,
                            DuplicateEvent::topic,
                            DuplicateEvent::offset)
                    .containsExactly(Tuple.tuple("e1", "aid", "aid", 8L));
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

    private static AcceptedEvent event(String id, long occurredAt, long offset) {
        return new AcceptedEvent(id, "aid", occurredAt, new byte[] {1}, "aid", 0, offset);
    }
}
