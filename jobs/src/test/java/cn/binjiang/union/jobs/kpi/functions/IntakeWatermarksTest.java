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
    /** The split's input-activity clock: it stands still while the split is paused. */
    private final ManualClock clock = new ManualClock();

    private final ManualClock wall = new ManualClock();
    private final Recorder out = new Recorder();
    private final IntakeWatermarks watermarks = new IntakeWatermarks(5_000, 30_000, 1_000, clock, wall);

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

    @Test
    void aQuietSplitWhoseClockStandsStillIsShownActiveForAMomentEveryTimeout() {
        watermarks.onEvent(accepted(100_000), 0, out);
        advance(30, true);
        assertThat(out.idle).as("quiet for the timeout").isEqualTo(1);
        out.watermarks.clear();
        // paused by alignment (FLINK-40093): its activity clock stops, and only the wall clock goes on
        advance(29, false);
        assertThat(out.watermarks).isEmpty();

        advance(1, false);
        assertThat(out.watermarks)
                .as("shown active, so that alignment can resume it")
                .containsExactly(94_999L);
        advance(1, false);
        assertThat(out.idle).as("idle again after the moment").isEqualTo(2);
        advance(29, false);
        assertThat(out.watermarks).as("and again one timeout later").containsExactly(94_999L, 94_999L);
    }

    @Test
    void aQuietSplitWhoseClockRunsStaysIdle() {
        watermarks.onEvent(accepted(100_000), 0, out);
        advance(30, true);
        out.watermarks.clear();
        advance(90, true);

        assertThat(out.idle).isEqualTo(1);
        assertThat(out.watermarks).isEmpty();
    }

    @Test
    void aSplitThatNeverHadAWatermarkIsNotWoken() {
        advance(30, true);
        advance(60, false);

        assertThat(out.idle).isEqualTo(1);
        assertThat(out.watermarks).isEmpty();
    }

    /** Moves the wall clock (and the activity clock unless the split is paused) second by second, emitting each. */
    private void advance(int seconds, boolean activityClockRuns) {
        for (int second = 0; second < seconds; second++) {
            wall.advanceTime(java.time.Duration.ofSeconds(1));
            if (activityClockRuns) clock.advanceTime(java.time.Duration.ofSeconds(1));
            watermarks.onPeriodicEmit(out);
        }
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
