package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.fanout.KpiFanOut;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The rebuilt cells as rows to upsert, each with a version above the one {@code kpi_values} holds for it
     * ({@code stored}, by cell key), so that it wins there; and a zero for every stored cell of the scope no event
     * counts in any more, so that none keeps a value the stored events do not give.
     */
    /** How many cells the events counted in. */
    public int size() {
        return totals.size();
    }

    List<KpiValue> over(Map<String, Long> stored, long now) {
        List<KpiValue> rows = new ArrayList<>(totals.size());
        Set<String> rebuilt = new HashSet<>();
        totals.forEach((cell, total) -> {
            String key = cell.key();
            rebuilt.add(key);
            Long before = stored.get(key);
            long version = before == null ? total.events() : Math.max(total.events(), before + 1);
            rows.add(row(cell, total.value(), version, now));
        });
        stored.forEach((key, before) -> {
            if (!rebuilt.contains(key)) rows.add(row(CellKey.parse(key), 0, before + 1, now));
        });
        return rows;
    }

    private static KpiValue row(CellKey.Cell cell, long value, long version, long now) {
        return new KpiValue(
                cell.kpiId(),
                cell.grain(),
                cell.bucket(),
                cell.street(),
                cell.industry(),
                cell.employmentForm(),
                cell.category(),
                value,
                version,
                now,
                Long.MIN_VALUE);
    }
}
