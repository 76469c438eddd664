package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each KPI cell's running total and emits the cell's new value on every change.
 *
 * <p>The version emitted is the number of changes folded into the cell: each event counted, and each
 * revision's contribution taken back by a correction or withdrawal. It does not depend on how
 * contributions were bundled, so after a restore and replay the complete total is the one with the
 * highest version, whatever partial values were written before the failure.
 *
 * <p>A cell's state is dropped once the watermark passes the end of its period plus the late
 * horizon: from then on every event of that period is rejected as too late upstream, so no
 * contribution can reach the cell again.
 */
public final class CellAggregate extends KeyedProcessFunction<String, KpiContribution, KpiValue> {
    private static final long serialVersionUID = 1L;

    /**
     * The running total of one cell.
     *
     * @param events the cell's version: the changes folded in (events counted, revisions taken back), or more after
     *     a rebuild (which raises it past the version stored, so that its value wins)
     */
    public record CellTotal(long value, long events) {
        public CellTotal plus(KpiContribution c) {
            return new CellTotal(value + c.delta(), events + c.events());
        }
    }

    /** The state holding a cell's {@link CellTotal}: the job's, and what a rebuild writes into its savepoint. */
    public static ValueStateDescriptor<CellTotal> totalState() {
        return new ValueStateDescriptor<>("cell-total", CellTotal.class);
    }

    private final long lateHorizonMs;
    private transient ValueState<CellTotal> total;

    public CellAggregate(long lateHorizonMs) {
        this.lateHorizonMs = lateHorizonMs;
    }

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(totalState());
    }

    @Override
    public void processElement(KpiContribution c, Context ctx, Collector<KpiValue> out) throws Exception {
        CellTotal before = total.value();
        if (before == null) {
            ctx.timerService().registerEventTimeTimer(expiry(c.grain(), c.bucket(), lateHorizonMs));
            before = new CellTotal(0, 0);
        }
        CellTotal after = before.plus(c);
        total.update(after);
        out.collect(new KpiValue(
                c.kpiId(),
                c.grain(),
                c.bucket(),
                c.street(),
                c.industry(),
                c.employmentForm(),
                c.category(),
                after.value(),
                after.events(),
                ctx.timerService().currentProcessingTime(),
                ctx.timerService().currentWatermark()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) {
        total.clear();
    }

    /**
     * When a cell's state may go: the end of its period plus the late horizon, past which no event of the period is
     * counted any more.
     */
    public static long expiry(String grain, int bucket, long lateHorizonMs) {
        return saturatedAdd(periodEnd(grain, bucket), lateHorizonMs);
    }

    /**
     * First instant after the period of {@code grain} (its label) that starts on {@code bucket} (an epoch day), in the
     * {@link KpiCalendar}.
     */
    static long periodEnd(String grain, int bucket) {
        return KpiCalendar.startOf(Grain.ofLabel(grain).next(LocalDate.ofEpochDay(bucket)));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
