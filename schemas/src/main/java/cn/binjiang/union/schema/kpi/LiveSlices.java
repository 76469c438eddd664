package cn.binjiang.union.schema.kpi;

import java.util.ArrayList;
import java.util.List;

/**
 * The slices of a KPI that the KPI job keeps as live cells: the district (no dimension), each
 * dimension alone, and the street crossed with each other dimension. They are every slice the
 * cockpit panels (a street officer's view is street x one dimension), the alert rules and the
 * documented SQL recipes read. Finer crossings (industry x employment form, street x industry x
 * skill level, ...) would be a new cell for nearly every event, so they are not kept live: an
 * analyst sums them from the raw event tables (docs/kpis.md says how).
 */
public final class LiveSlices {
    private LiveSlices() {}

    /**
     * For a KPI's dimensions in catalog order, each live slice as which of them it keeps
     * ({@code kept[d]}): the district first, then each dimension alone, then street x each other.
     */
    public static List<boolean[]> of(List<Dimension> dimensions) {
        int street = -1;
        for (int d = 0; d < dimensions.size(); d++) {
            if (dimensions.get(d).column() == DimensionColumn.STREET) street = d;
        }
        List<boolean[]> slices = new ArrayList<>();
        slices.add(new boolean[dimensions.size()]);
        for (int d = 0; d < dimensions.size(); d++) {
            boolean[] alone = new boolean[dimensions.size()];
            alone[d] = true;
            slices.add(alone);
        }
        for (int d = 0; d < dimensions.size(); d++) {
            if (street < 0 || d == street) continue;
            boolean[] withStreet = new boolean[dimensions.size()];
            withStreet[street] = true;
            withStreet[d] = true;
            slices.add(withStreet);
        }
        return slices;
    }
}
