package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class IntakeWatermarksTest {
    private final ManualClock clock = new ManualClock();
    private final Recorder out = new Recorder();
    private final IntakeWatermarks watermarks = new IntakeWatermarks(5_000, 30_000, clock);

    @Test
    void followsTheNewestAcceptedEventLessTheOutOfOrderness() {
        watermarks.onEvent(accepted(100_000), 0, out);
        watermarks.onEvent(accepted(90_000), 0, out);
        watermarks.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(100_000L - 5_000 - 1);
    }

    @Test
    void rejectedRecordsNeitherMoveTheWatermarkNorKeepThePartitionActive() {
        watermarks.onEvent(accepted(100_000), 0, out);
        for (int second = 1; second <= 31; second++) {
            clock.advanceTime(java.time.Duration.ofSeconds(1));
            watermarks.onEvent(
                    Intake.rejected(new DeadLetter("undecodable", "", "aid", 0, second, 0, "")), Long.MAX_VALUE, out);
        }
        watermarks.onPeriodicEmit(out);

        assertThat(out.idle).isEqualTo(1);
        assertThat(out.watermarks).isEmpty();
    }

    @Test
    void anAcceptedEventEndsIdleness() {
        clock.advanceTime(java.time.Duration.ofSeconds(31));
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent(accepted(200_000), 0, out);
        watermarks.onPeriodicEmit(out);

        assertThat(out.idle).isEqualTo(1);
        assertThat(out.watermarks).containsExactly(200_000L - 5_000 - 1);
    }

    private static Intake accepted(long occurredAt) {
        return Intake.accepted(new AcceptedEvent("e", 0, false, "aid", occurredAt, new byte[0], "aid", 0, 0));
    }

    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle++;
        }

        @Override
        public void markActive() {}
    }
}
