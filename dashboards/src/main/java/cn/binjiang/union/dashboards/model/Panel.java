package cn.binjiang.union.dashboards.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One panel of a dashboard: what it shows ({@code kpis} from the catalog, or its own {@code sql}), how
 * ({@code chart}), sliced by which {@code dimensions} (of which {@code only} keeps the listed codes), at
 * which {@code grain}, refreshed how often.
 */
public record Panel(
        String id,
        String title,
        List<String> kpis,
        Optional<String> sql,
        Chart chart,
        List<Dimension> dimensions,
        Map<Dimension, List<String>> only,
        Grain grain,
        Duration refresh) {

    public enum Chart { CARD, LINE, BAR, PIE, FUNNEL, TABLE }

    public enum Grain { DAY, MONTH, YEAR }

    /** The slice columns of {@code kpi_latest}; their order is the column order of a panel's rows. */
    public enum Dimension {
        STREET, INDUSTRY, EMPLOYMENT_FORM, CATEGORY;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isSql() {
        return sql.isPresent();
    }
}
