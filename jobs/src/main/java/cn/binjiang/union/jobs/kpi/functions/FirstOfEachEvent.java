package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first copy of each event id through and drops re-sent copies, so an event a producer
 * sent twice is counted once. Keyed by event id.
 *
 * <p>The memory of an id is dropped once the watermark passes its event time plus the late
 * horizon: a copy arriving after that is rejected upstream as too late, never counted twice.
 */
public final class FirstOfEachEvent extends KeyedProcessFunction<String, AcceptedEvent, AcceptedEvent> {
    private static final long serialVersionUID = 1L;

    private final long lateHorizonMs;
    private transient ValueState<Boolean> seen;

    public FirstOfEachEvent(long lateHorizonMs) {
        this.lateHorizonMs = lateHorizonMs;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
    }

    @Override
    public void processElement(AcceptedEvent event, Context ctx, Collector<AcceptedEvent> out) throws Exception {
        if (seen.value() != null) return;
        seen.update(Boolean.TRUE);
        ctx.timerService().registerEventTimeTimer(event.occurredAt() + lateHorizonMs);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AcceptedEvent> out) {
        seen.clear();
    }
}
