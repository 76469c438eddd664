package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.DuplicateEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets the first copy of each event id through and sends re-sent copies to the
 * {@link #DUPLICATES} side output, so an event a producer sent twice is counted once and the
 * copy is still accounted for. Keyed by event id.
 *
 * <p>The memory of an id is dropped once the watermark passes its event time plus the late
 * horizon: by then the cut-off of the {@link TooLateFilter} chained before it (the same watermark
 * minus the horizon, kept across restores) is past the event, so a copy arriving later is
 * rejected as too late, never counted twice.
 *
 * <p>Metric: {@code eventsDuplicated}, the copies set aside.
 */
public final class FirstOfEachEvent extends KeyedProcessFunction<String, AcceptedEvent, AcceptedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DuplicateEvent> DUPLICATES = new OutputTag<>("duplicates") {};

    private final long lateHorizonMs;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public FirstOfEachEvent(long lateHorizonMs) {
        this.lateHorizonMs = lateHorizonMs;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("eventsDuplicated");
    }

    @Override
    public void processElement(AcceptedEvent event, Context ctx, Collector<AcceptedEvent> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            ctx.output(DUPLICATES, DuplicateEvent.of(event, ctx.timerService().currentProcessingTime()));
            return;
        }
        seen.update(Boolean.TRUE);
        // + 1: the cut-off refuses events strictly before it, so at a watermark of exactly
        // occurredAt + horizon a copy still passes and must still be known
        ctx.timerService().registerEventTimeTimer(event.occurredAt() + lateHorizonMs + 1);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AcceptedEvent> out) {
        seen.clear();
    }
}
