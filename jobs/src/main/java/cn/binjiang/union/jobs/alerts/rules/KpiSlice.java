package cn.binjiang.union.jobs.alerts.rules;

import cn.binjiang.union.schema.kpi.KpiValue;
import java.io.Serializable;

/**
 * One KPI cell series: a KPI at a grain, one value for each slice column ({@code ""} = all), every
 * period of it. The same coordinates as {@code kpi_values} and the {@code kpi-updates} topic ({@link KpiValue}).
 */
public record KpiSlice(
        String kpiId, String grain, String street, String industry, String employmentForm, String category)
        implements Serializable {

    public boolean matches(KpiValue u) {
        return kpiId.equals(u.kpiId())
                && grain.equals(u.grain())
                && street.equals(u.street())
                && industry.equals(u.industry())
                && employmentForm.equals(u.employmentForm())
                && category.equals(u.category());
    }
}
