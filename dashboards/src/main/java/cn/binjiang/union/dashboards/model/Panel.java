package cn.binjiang.union.dashboards.model;

import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One panel of a dashboard: what it shows ({@code kpis} from the catalog, or its own {@code sql}), how
 * ({@code chart}), sliced by which {@code dimensions} (slice columns of {@code kpi_values}, of which {@code only} keeps
 * the listed codes), at which {@code grain}, refreshed how often.
 */
public record Panel(
        String id,
        String title,
        List<String> kpis,
        Optional<String> sql,
        Chart chart,
        List<DimensionColumn> dimensions,
        Map<DimensionColumn, List<String>> only,
        Grain grain,
        Duration refresh) {

    public enum Chart {
        CARD,
        LINE,
        BAR,
        PIE,
        FUNNEL,
        TABLE
    }

    public boolean isSql() {
        return sql.isPresent();
    }
}
