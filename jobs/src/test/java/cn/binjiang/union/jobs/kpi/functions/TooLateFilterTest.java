package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.Intake;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TooLateFilterTest {
    private static final long HORIZON = 60_000;

    @Test
    void lateEventsInsideTheHorizonPassAndOlderOnesAreDeadLetteredWithTheirSourcePosition() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new TooLateFilter(HORIZON)))) {
            harness.open();
            harness.processWatermark(1_000_000);

            harness.processElement(Intake.accepted(event("in-time", 1_000_000 - HORIZON)), 0);
            harness.processElement(Intake.accepted(event("too-late", 1_000_000 - HORIZON - 1)), 0);
            DeadLetter undecodable = new DeadLetter("undecodable", "bad magic", "aid", 1, 9, 0, "AAE=");
            harness.processElement(Intake.rejected(undecodable), 0);

            assertThat(harness.extractOutputValues()).extracting(AcceptedEvent::eventId).containsExactly("in-time");
            List<DeadLetter> dead = harness.getSideOutput(TooLateFilter.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).reason()).isEqualTo("too_late");
            assertThat(dead.get(0).topic()).isEqualTo("aid");
            assertThat(dead.get(0).partition()).isEqualTo(3);
            assertThat(dead.get(0).offset()).isEqualTo(42);
            assertThat(dead.get(0).detail()).contains("too-late");
            assertThat(dead.get(1)).isEqualTo(undecodable);
        }
    }

    @Test
    void beforeAnyWatermarkNothingIsTooLate() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new TooLateFilter(HORIZON)))) {
            harness.open();

            harness.processElement(Intake.accepted(event("ancient", 0)), 0);

            assertThat(harness.extractOutputValues()).hasSize(1);
        }
    }

    private static AcceptedEvent event(String id, long occurredAt) {
        return new AcceptedEvent(id, "aid", occurredAt, new byte[] {1}, "aid", 3, 42);
    }
}
