package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.CountChange;
import cn.binjiang.union.jobs.kpi.records.DuplicateEvent;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps what the KPIs count of each event: its highest revision received. Keyed by event id.
 *
 * <ul>
 *   <li>A revision too late to count ({@link AcceptedEvent#tooLateToCount()}) goes to the {@link #STORED} side
 *       output only: it changes neither what is counted nor what is remembered.
 *   <li>A revision received before (a re-sent copy) goes to the {@link #DUPLICATES} side output, so that it is counted
 *       once and still accounted for.
 *   <li>Every other revision goes to the {@link #STORED} side output, for its raw table: the audit trail keeps them
 *       all, the ones that arrive after a higher one included.
 *   <li>A revision higher than the one counted becomes a {@link CountChange}: the counted payload taken back, its own
 *       counted in its place (nothing, if it withdraws the event). A lower one changes nothing: it arrived out of
 *       order, and the newer revision stands.
 * </ul>
 *
 * <p>The memory of an event is dropped once the watermark passes the latest event time any of its revisions carries
 * plus the late horizon: by then the cut-off of the {@link TooLateFilter} chained before it (the same watermark minus
 * the horizon, kept across restores) refuses every revision that carries one of those times. A correction that moves
 * an event's time from before the cut-off into the live window meets no memory and counts as a new event; the
 * revision it replaces stays counted until {@code kpi rebuild} (docs/kpis.md, "Corrections and withdrawals").
 *
 * <p>Metrics: {@code eventsDuplicated}, the copies set aside; {@code revisionsApplied}, corrections and withdrawals
 * that changed what is counted; {@code revisionsSuperseded}, revisions that arrived after a higher one.
 */
public final class NewestRevision extends KeyedProcessFunction<String, AcceptedEvent, CountChange> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DuplicateEvent> DUPLICATES = new OutputTag<>("duplicates") {};
    public static final OutputTag<AcceptedEvent> STORED = new OutputTag<>("stored") {};

    /**
     * What is known of one event.
     *
     * @param revisions every revision received, ascending; the last is the one counted
     * @param counted the payload of the last revision, null if it withdraws the event
     * @param forgetAt the event time (epoch ms) from which the memory may go: the latest time a revision carries plus
     *     the late horizon, plus one
     */
    public record EventRevisions(int[] revisions, byte[] counted, long forgetAt) {
        int newest() {
            return revisions[revisions.length - 1];
        }

        boolean received(int revision) {
            return Arrays.binarySearch(revisions, revision) >= 0;
        }

        EventRevisions with(AcceptedEvent revision, long forgetAfter) {
            int[] more = Arrays.copyOf(revisions, revisions.length + 1);
            more[revisions.length] = revision.revision();
            Arrays.sort(more);
            byte[] newestCounted = revision.revision() > newest() ? countedOf(revision) : counted;
            return new EventRevisions(more, newestCounted, Math.max(forgetAt, forgetAfter));
        }

        static EventRevisions first(AcceptedEvent revision, long forgetAt) {
            return new EventRevisions(new int[] {revision.revision()}, countedOf(revision), forgetAt);
        }

        private static byte[] countedOf(AcceptedEvent revision) {
            return revision.withdrawn() ? null : revision.payload();
        }
    }

    private final long lateHorizonMs;
    private transient ValueState<EventRevisions> known;
    private transient Counter duplicates;
    private transient Counter applied;
    private transient Counter superseded;

    public NewestRevision(long lateHorizonMs) {
        this.lateHorizonMs = lateHorizonMs;
    }

    @Override
    public void open(OpenContext openContext) {
        known = getRuntimeContext().getState(new ValueStateDescriptor<>("event-revisions", EventRevisions.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("eventsDuplicated");
        applied = getRuntimeContext().getMetricGroup().counter("revisionsApplied");
        superseded = getRuntimeContext().getMetricGroup().counter("revisionsSuperseded");
    }

    @Override
    public void processElement(AcceptedEvent event, Context ctx, Collector<CountChange> out) throws Exception {
        if (event.tooLateToCount()) {
            ctx.output(STORED, event);
            return;
        }
        EventRevisions before = known.value();
        if (before != null && before.received(event.revision())) {
            duplicates.inc();
            ctx.output(DUPLICATES, DuplicateEvent.of(event, ctx.timerService().currentProcessingTime()));
            return;
        }
        // + 1: the cut-off refuses events strictly before it, so at a watermark of exactly
        // occurredAt + horizon a copy still passes and must still be known
        long forgetAt = event.occurredAt() + lateHorizonMs + 1;
        ctx.timerService().registerEventTimeTimer(forgetAt);
        ctx.output(STORED, event);
        if (before == null) {
            EventRevisions first = EventRevisions.first(event, forgetAt);
            known.update(first);
            if (first.counted() != null) out.collect(new CountChange(event.eventId(), null, first.counted()));
            return;
        }
        EventRevisions after = before.with(event, forgetAt);
        known.update(after);
        if (after.newest() == event.revision()) {
            applied.inc();
            if (before.counted() != null || after.counted() != null) {
                out.collect(new CountChange(event.eventId(), before.counted(), after.counted()));
            }
        } else {
            superseded.inc();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CountChange> out) throws Exception {
        EventRevisions revisions = known.value();
        if (revisions != null && timestamp >= revisions.forgetAt()) known.clear();
    }
}
