package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.Intake;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the intake: accepted events go on; records the source rejected, and events older than
 * the watermark minus the late horizon ({@code too_late}), go to the dead-letter side output.
 * Late events inside the horizon go on and update their own bucket.
 */
public final class TooLateFilter extends ProcessFunction<Intake, AcceptedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final String TOO_LATE = "too_late";

    private final long lateHorizonMs;

    public TooLateFilter(long lateHorizonMs) {
        this.lateHorizonMs = lateHorizonMs;
    }

    @Override
    public void processElement(Intake intake, Context ctx, Collector<AcceptedEvent> out) {
        if (!intake.isAccepted()) {
            ctx.output(DEAD_LETTERS, intake.rejected());
            return;
        }
        AcceptedEvent event = intake.accepted();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && event.occurredAt() < watermark - lateHorizonMs) {
            ctx.output(DEAD_LETTERS, tooLate(event, watermark, ctx.timerService().currentProcessingTime()));
            return;
        }
        out.collect(event);
    }

    private DeadLetter tooLate(AcceptedEvent event, long watermark, long now) {
        String detail = event.stream() + " event " + event.eventId() + " happened at " + Instant.ofEpochMilli(event.occurredAt())
                + ", more than " + Duration.ofMillis(lateHorizonMs) + " before the event-time watermark " + Instant.ofEpochMilli(watermark);
        return new DeadLetter(TOO_LATE, detail, event.topic(), event.partition(), event.offset(), now,
                Base64.getEncoder().encodeToString(event.payload()));
    }
}
