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
 */
public final class IntakeWatermarks implements WatermarkGenerator<Intake> {
    private final long outOfOrdernessMs;
    private final long idleAfterMs;
    private final RelativeClock clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastAcceptedAt;
    private boolean idle;

    public IntakeWatermarks(long outOfOrdernessMs, long idleAfterMs, RelativeClock clock) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idleAfterMs = idleAfterMs;
        this.clock = clock;
        this.lastAcceptedAt = clock.relativeTimeMillis();
    }

    @Override
    public void onEvent(Intake record, long timestamp, WatermarkOutput output) {
        if (!record.isAccepted()) return;
        maxTimestamp = Math.max(maxTimestamp, record.accepted().occurredAt());
        lastAcceptedAt = clock.relativeTimeMillis();
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (clock.relativeTimeMillis() - lastAcceptedAt >= idleAfterMs) {
            if (!idle) output.markIdle();
            idle = true;
            return;
        }
        if (maxTimestamp != Long.MIN_VALUE) output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMs - 1));
    }
}
