package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.schema.topic.DeadLetter;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SplitIntakeTest {
    @Test
    void acceptedEventsGoOnAndRejectedRecordsToTheSideOutputAsTheyAre() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new SplitIntake()))) {
            harness.open();
            AcceptedEvent event = new AcceptedEvent("e1", 0, false, "aid", 1_000, new byte[] {1}, "aid", 0, 7);
            DeadLetter undecodable = new DeadLetter("undecodable", "bad magic", "aid", 1, 9, 0, "AAE=");

            harness.processElement(Intake.accepted(event), 1_000);
            harness.processElement(Intake.rejected(undecodable), 0);

            assertThat(harness.extractOutputValues())
                    .extracting(AcceptedEvent::eventId, AcceptedEvent::offset)
                    .containsExactly(tuple("e1", 7L));
            assertThat(harness.getSideOutput(SplitIntake.REJECTED))
                    .map(StreamRecord::getValue)
                    .containsExactly(undecodable);
        }
    }
}
