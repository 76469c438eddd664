package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.Intake;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Event-time watermarks of one Kafka partition, from accepted events only: bounded
 * out-of-orderness, and idle once no accepted event has come for the idleness timeout.
 *
 * <p>Flink's own idleness counts every record as activity, so a partition receiving only rejected
 * records (a broken producer) would hold every watermark back for as long as it keeps sending;
 * here it goes idle like a silent one. The clock is the source's input-activity clock, which stands
 * still while the split is paused (watermark alignment), so a paused split is never taken for idle.
 *
 * <p>Save for a bug of Flink 2.2.1 (FLINK-40093; fixed in 2.2.2, which Maven Central does not serve yet): a split
 * that alignment pauses just as it goes idle is skipped by every later alignment check, so it is never resumed and
 * its next records are never read, while the watermark moves on without it. Such a split is idle with its activity
 * clock standing still. While that lasts, every idleness timeout it is shown active for {@code wakeMs}, long enough
 * for alignment checks to see it and resume it. (The clock also stands still under backpressure; a quiet split then
 * holds its subtask's watermark at its own for those moments, no more.)
 */
public final class IntakeWatermarks implements WatermarkGenerator<Intake> {
    private final long outOfOrdernessMs;
    private final long idleAfterMs;
    private final long wakeMs;
    private final RelativeClock activityClock;
    private final RelativeClock wallClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastAcceptedAt;
    private boolean idle;
    /** The activity clock's last reading. */
    private long activityReading;
    /** The wall clock's reading when the activity clock last moved. */
    private long activityMovedAt;

    /**
     * @param activityClock the split's input-activity clock, which stands still while it is paused
     * @param wallClock a clock that never stands still
     */
    public IntakeWatermarks(
            long outOfOrdernessMs,
            long idleAfterMs,
            long wakeMs,
            RelativeClock activityClock,
            RelativeClock wallClock) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idleAfterMs = idleAfterMs;
        this.wakeMs = wakeMs;
        this.activityClock = activityClock;
        this.wallClock = wallClock;
        this.lastAcceptedAt = activityClock.relativeTimeMillis();
        this.activityReading = lastAcceptedAt;
        this.activityMovedAt = wallClock.relativeTimeMillis();
    }

    @Override
    public void onEvent(Intake record, long timestamp, WatermarkOutput output) {
        if (!record.isAccepted()) return;
        maxTimestamp = Math.max(maxTimestamp, record.accepted().occurredAt());
        lastAcceptedAt = activityClock.relativeTimeMillis();
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long activity = activityClock.relativeTimeMillis();
        long now = wallClock.relativeTimeMillis();
        if (activity != activityReading) {
            activityReading = activity;
            activityMovedAt = now;
        }
        boolean quiet = activity - lastAcceptedAt >= idleAfterMs;
        if (quiet && !woken(now - activityMovedAt)) {
            if (!idle) output.markIdle();
            idle = true;
            return;
        }
        idle = false;
        if (maxTimestamp != Long.MIN_VALUE) output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMs - 1));
    }

    /**
     * Whether a quiet split whose activity clock has stood still this long is shown active now. Only one with a
     * watermark: alignment pauses no other.
     */
    private boolean woken(long stoodStillMs) {
        return maxTimestamp != Long.MIN_VALUE && stoodStillMs >= idleAfterMs && stoodStillMs % idleAfterMs < wakeMs;
    }
}
