package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FirstOfEachEventTest {
    private static final long HORIZON = 10_000;

    @Test
    void aResentEventIsDroppedAndItsMemoryEndsAtTheLateHorizon() throws Exception {
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FirstOfEachEvent(HORIZON)), AcceptedEvent::eventId, Types.STRING)) {
            harness.open();

            harness.processElement(event("e1", 1_000), 1_000);
            harness.processElement(event("e1", 1_000), 1_000);
            harness.processElement(event("e2", 2_000), 2_000);

            assertThat(harness.extractOutputValues()).extracting(AcceptedEvent::eventId).containsExactly("e1", "e2");
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

            harness.processWatermark(1_000 + HORIZON);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
            harness.processWatermark(2_000 + HORIZON);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static AcceptedEvent event(String id, long occurredAt) {
        return new AcceptedEvent(id, "aid", occurredAt, new byte[] {1}, "aid", 0, 7);
    }
}
