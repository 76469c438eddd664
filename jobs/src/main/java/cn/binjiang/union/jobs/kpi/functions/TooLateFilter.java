package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events that happened before the late cut-off to the {@link #DEAD_LETTERS} side output as
 * {@code too_late}; later events, however late, go on and update their own bucket. A revision of
 * an event (a correction or a withdrawal) before the cut-off is {@code revision_too_late} instead,
 * and goes on as well, marked {@link AcceptedEvent#tooLateToCount()}: its raw table keeps it, so
 * that the audit trail is whole and {@code kpi rebuild} applies it, though no live cell can take it
 * any more. (On the main output rather than a side output, so that the raw tables' writers keep a
 * single input and stay chained to the deduplication.)
 *
 * <p>The cut-off is the event time before which everything is refused: the highest watermark seen
 * minus the late horizon. Downstream state is dropped on the same boundary (a deduplication entry
 * once the watermark passes its event plus the horizon, a cell once it passes the cell's period plus
 * the horizon), so nothing the cut-off lets through can meet a forgotten id or a forgotten cell.
 * That needs two things. One watermark: this runs after the shuffle by event id, where every
 * subtask's watermark is the job's (the least of all source subtasks' that are not idle), the very
 * one that expires the deduplication chained behind it; a source subtask's own watermark would lag
 * the job's while it is idle and let through copies whose ids are already forgotten. And a
 * cut-off that never goes back, though a watermark is not part of a checkpoint (after a restore
 * every operator starts again at {@code Long.MIN_VALUE}): the cut-off itself is checkpointed, as
 * union state. Checkpoint barriers are aligned behind the same watermarks on every channel, so at a
 * checkpoint every subtask holds the same cut-off; on restore each takes the highest in the union,
 * which also holds when the parallelism changes.
 *
 * <p>A custom operator rather than a {@code ProcessFunction} because the watermark must be read
 * when the checkpoint is taken, not only when an element passes: a watermark that arrives after
 * the last element can already have expired state downstream.
 *
 * <p>Metric: {@code eventsRejected} with reason {@code too_late} or {@code revision_too_late}
 * ({@link RejectionCounts}).
 */
public final class TooLateFilter extends AbstractStreamOperator<AcceptedEvent>
        implements OneInputStreamOperator<AcceptedEvent, AcceptedEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TooLateFilter.class);
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final String TOO_LATE = "too_late";
    public static final String REVISION_TOO_LATE = "revision_too_late";

    private final long lateHorizonMs;
    private transient ListState<Long> checkpointedCutOff;
    /** Events before this instant (epoch ms) are too late; never decreases. */
    private transient long cutOff;

    private transient RejectionCounts rejections;

    public TooLateFilter(long lateHorizonMs) {
        this.lateHorizonMs = lateHorizonMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointedCutOff = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("late-cut-off", Long.class));
        cutOff = Long.MIN_VALUE;
        for (Long restored : checkpointedCutOff.get()) cutOff = Math.max(cutOff, restored);
        if (context.isRestored() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            LOG.info(
                    "restored from checkpoint {}: {}",
                    context.getRestoredCheckpointId().orElse(-1),
                    cutOff == Long.MIN_VALUE
                            ? "no event-time boundary yet (no watermark had been reached)"
                            : "events that happened before " + Instant.ofEpochMilli(cutOff)
                                    + " are rejected as too late (late horizon " + Duration.ofMillis(lateHorizonMs)
                                    + ")");
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        rejections = new RejectionCounts(getMetricGroup());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedCutOff.update(List.of(cutOff));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        // Long.MAX_VALUE ends a bounded input and says nothing about late events; a watermark within
        // a horizon of Long.MIN_VALUE has no cut-off yet (the subtraction would wrap around)
        if (watermark != Long.MAX_VALUE && watermark >= Long.MIN_VALUE + lateHorizonMs) {
            cutOff = Math.max(cutOff, watermark - lateHorizonMs);
        }
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<AcceptedEvent> element) {
        AcceptedEvent event = element.getValue();
        if (event.occurredAt() < cutOff) {
            String reason = event.revision() > 0 ? REVISION_TOO_LATE : TOO_LATE;
            rejections.rejected(reason);
            output.collect(DEAD_LETTERS, new StreamRecord<>(tooLate(event, reason), element.getTimestamp()));
            if (event.revision() > 0) output.collect(element.replace(event.asTooLateToCount()));
            return;
        }
        output.collect(element);
    }

    /**
     * Events that happened before this instant (epoch ms) are rejected; {@code Long.MIN_VALUE} before the first
     * watermark.
     */
    long cutOff() {
        return cutOff;
    }

    private DeadLetter tooLate(AcceptedEvent event, String reason) {
        String what = event.revision() > 0
                ? "revision " + event.revision() + (event.withdrawn() ? " (a withdrawal)" : "") + " of "
                : "";
        String detail = what + event.stream() + " event " + event.eventId() + " happened at "
                + Instant.ofEpochMilli(event.occurredAt())
                + ", before the late cut-off " + Instant.ofEpochMilli(cutOff)
                + " (the highest event-time watermark reached minus the late horizon "
                + Duration.ofMillis(lateHorizonMs) + ")"
                + (event.revision() > 0
                        ? ": kept in its raw table, not counted live; ./platform kpi rebuild applies it"
                        : "");
        return new DeadLetter(
                reason,
                detail,
                event.topic(),
                event.partition(),
                event.offset(),
                getProcessingTimeService().getCurrentProcessingTime(),
                Base64.getEncoder().encodeToString(event.payload()));
    }
}
