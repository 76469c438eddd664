package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.jobs.kpi.rebuild.StoredRows.StoredRow;
import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.CellAdjustment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rebuild changes, cell by cell, from three totals of each cell of its scope: {@code rebuilt} (the raw rows below
 * the job's cut, counted again), {@code counted} (the job's state at the same cut, its savepoint) and {@code stored}
 * (the row {@code kpi_values} shows). A cell whose state holds the rebuilt value, and whose row holds it too or was
 * written by the job on top of that state for events after the cut, is left alone: rebuilding an intact KPI changes
 * nothing, events coming in meanwhile included. Any other gets
 *
 * <ul>
 *   <li>a row with the rebuilt value, which the rebuild inserts itself, each KPI in one INSERT, and
 *   <li>an adjustment (rebuilt minus counted) that the job adds to the cell's state, whatever it counted since the cut,
 *       raising the state's version to the row's, so that its next rows outrank the rebuilt one.
 * </ul>
 *
 * <p>The row's version is {@link #VERSION_STEP} above every version the cell had, so that it also outranks the rows
 * the job writes for the cell's events after the cut until it has applied the adjustment: the KPI changes for readers
 * at once, with the INSERT. The step is far beyond what any cell can count while a rebuild may run (half of {@code
 * kpi.cell-grace}): one change per event, at most. (Half a step above the state tells the job's own rows from those of
 * a rebuild that inserted and then failed.)
 *
 * <p>A cell the job first counted in after the cut is not in the savepoint: its row is told from a closed cell's (whose
 * state was let go) by when it was written: after the rebuild asked for the savepoint ({@code cutAt}). A job's clock
 * behind the rebuild's only has such a cell written again (the job's next row restores it); a closed cell's row is
 * older than the cut by {@code kpi.cell-grace} at least, more than two clocks of a deployment differ.
 *
 * @param rows the rows to insert, by KPI
 */
record RebuildPlan(Map<String, List<KpiValue>> rows, List<CellAdjustment> adjustments) {
    static final long VERSION_STEP = 1L << 32;
    private static final CellTotal NONE = new CellTotal(0, 0);

    static RebuildPlan of(
            String rebuildId,
            Map<String, CellTotal> rebuilt,
            Map<String, CellTotal> counted,
            Map<String, StoredRow> stored,
            long cutAt,
            long now) {
        Set<String> cells = new TreeSet<>(rebuilt.keySet());
        cells.addAll(counted.keySet());
        cells.addAll(stored.keySet());
        Map<String, List<KpiValue>> rows = new LinkedHashMap<>();
        List<CellAdjustment> adjustments = new ArrayList<>();
        for (String key : cells) {
            CellTotal truth = rebuilt.getOrDefault(key, NONE);
            CellTotal state = counted.getOrDefault(key, NONE);
            StoredRow row = stored.get(key);
            // a cell missing from the state is right only if nothing counts in it: one whose period closed (its
            // state let go) is written again, harmlessly, rather than risk a live cell left at nothing
            boolean stateRight = counted.containsKey(key) ? state.value() == truth.value() : truth.equals(NONE);
            boolean rowRight;
            if (row == null) {
                rowRight = truth.equals(NONE);
            } else if (row.version() <= state.events()) {
                rowRight = row.value() == truth.value();
            } else {
                // above the state's version: a row the job wrote for the cell's events since the cut, on top of the
                // state (right when the state is), or one a rebuild inserted before it failed to commit, a step
                // above (the state must then be raised past it, or the job's next rows would lose to it). Without a
                // state the row must be younger than the cut as well: an older one is the last of a closed cell
                boolean writtenByTheJob = row.version() - state.events() < VERSION_STEP / 2;
                rowRight = writtenByTheJob && (counted.containsKey(key) || row.updatedAt() >= cutAt);
            }
            if (stateRight && rowRight) continue;

            long version = Math.max(state.events(), row == null ? 0 : row.version()) + VERSION_STEP;
            CellKey.Cell cell = CellKey.parse(key);
            rows.computeIfAbsent(cell.kpiId(), kpi -> new ArrayList<>())
                    .add(KpiValue.of(cell, truth.value(), version, now, Long.MIN_VALUE));
            adjustments.add(new CellAdjustment(
                    rebuildId, cell, truth.value() - state.value(), version - state.events(), state.events()));
        }
        return new RebuildPlan(rows, adjustments);
    }

    int cells() {
        return adjustments.size();
    }
}
