package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.CellAdjustment;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each KPI cell's running total and emits the cell's new value on every change: the events' contributions
 * (first input) and the adjustments of a {@code kpi rebuild} (second input), both keyed by the cell.
 *
 * <p>The version emitted is the number of changes folded into the cell: each event counted, and each revision's
 * contribution taken back by a correction or withdrawal, and what a rebuild adds to outrank the rows before it. It does
 * not depend on how contributions were bundled, so after a restore and replay the complete total is the one with the
 * highest version, whatever partial values were written before the failure. Contributions and adjustments are both
 * additions, so a restore that reads them in another order ends on the same total.
 *
 * <p>A cell's state is dropped {@code kpi.cell-grace} (on the clock) after the watermark passes the end of its period
 * plus the late horizon. From the watermark on every event of that period is rejected as too late upstream, so only a
 * rebuild can change the cell; the grace lets a rebuild that counted the cell still adjust it (the rebuild gives up
 * beyond half of it).
 */
public final class CellAggregate extends KeyedCoProcessFunction<String, KpiContribution, CellAdjustment, KpiValue> {
    private static final long serialVersionUID = 1L;

    /**
     * The values of cells a rebuild adjusted while they still held what the rebuild counted against: the rebuild wrote
     * the same row into {@code kpi_values} itself, in one INSERT per KPI, so these go to kpi-updates only.
     */
    public static final OutputTag<KpiValue> WRITTEN_BY_REBUILD =
            new OutputTag<>("written-by-rebuild", TypeInformation.of(KpiValue.class));

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

        public CellTotal plus(CellAdjustment a) {
            return new CellTotal(value + a.valueDelta(), events + a.versionDelta());
        }
    }

    private static final CellTotal EMPTY = new CellTotal(0, 0);

    /** The state holding a cell's {@link CellTotal}: the job's, and what a rebuild reads from its savepoint. */
    public static ValueStateDescriptor<CellTotal> totalState() {
        return new ValueStateDescriptor<>("cell-total", CellTotal.class);
    }

    private final long lateHorizonMs;
    private final long graceMs;
    private transient ValueState<CellTotal> total;

    public CellAggregate(long lateHorizonMs, long graceMs) {
        this.lateHorizonMs = lateHorizonMs;
        this.graceMs = graceMs;
    }

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(totalState());
    }

    @Override
    public void processElement1(KpiContribution c, Context ctx, Collector<KpiValue> out) throws Exception {
        CellKey.Cell cell = c.cell();
        CellTotal after = before(cell, ctx.timerService()).plus(c);
        total.update(after);
        out.collect(value(cell, after, ctx.timerService()));
    }

    @Override
    public void processElement2(CellAdjustment a, Context ctx, Collector<KpiValue> out) throws Exception {
        CellTotal before = before(a.cell(), ctx.timerService());
        CellTotal after = before.plus(a);
        total.update(after);
        KpiValue value = value(a.cell(), after, ctx.timerService());
        if (before.events() == a.basisVersion()) {
            ctx.output(WRITTEN_BY_REBUILD, value);
        } else {
            out.collect(value);
        }
    }

    /** The cell's total so far; a new cell's expiry timer is set here. */
    private CellTotal before(CellKey.Cell cell, TimerService timers) throws Exception {
        CellTotal before = total.value();
        if (before != null) return before;
        timers.registerEventTimeTimer(expiry(cell.grain(), cell.bucket(), lateHorizonMs));
        return EMPTY;
    }

    private static KpiValue value(CellKey.Cell cell, CellTotal total, TimerService timers) {
        return KpiValue.of(
                cell, total.value(), total.events(), timers.currentProcessingTime(), timers.currentWatermark());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + graceMs);
        } else {
            total.clear();
        }
    }

    /**
     * When a cell's period is closed: the end of its period plus the late horizon, past which no event of the period
     * is counted any more.
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
