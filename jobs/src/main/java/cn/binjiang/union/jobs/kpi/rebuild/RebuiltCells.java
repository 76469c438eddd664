package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.fanout.KpiFanOut;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.CellKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The chosen KPIs' cells counted again from stored events, through the KPI job's own fan-out ({@link KpiFanOut}: the
 * catalog's filters, measures, slices and grains) and its own addition ({@link CellTotal#plus}).
 */
public final class RebuiltCells {
    private static final CellTotal NONE = new CellTotal(0, 0);

    private final KpiFanOut fanOut;
    private final Map<CellKey.Cell, CellTotal> totals = new HashMap<>();

    RebuiltCells(RebuildScope scope) {
        this.fanOut = new KpiFanOut(scope.kpis());
    }

    void add(SpecificRecordBase event) {
        for (KpiContribution c : fanOut.contributions(event)) {
            totals.merge(c.cell(), NONE.plus(c), (before, one) -> before.plus(c));
        }
    }

    /** How many cells the events counted in. */
    public int size() {
        return totals.size();
    }

    /** Each cell's total, by {@link CellKey}. */
    Map<String, CellTotal> totals() {
        Map<String, CellTotal> byKey = new HashMap<>(totals.size() * 2);
        totals.forEach((cell, total) -> byKey.put(cell.key(), total));
        return byKey;
    }
}
