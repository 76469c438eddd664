package cn.binjiang.union.schema.kpi;

import cn.binjiang.union.schema.EventStream;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One KPI of the catalog: which events of which stream it counts or sums, and how it is sliced.
 *
 * @param id the public id (dashboards, alerts, {@code kpi_values.kpi_id}, {@code targets.kpi_id})
 * @param unit what one unit of the value is: 家, 人, 人次, 户次, 元, 小时 ...
 * @param dimensions the slices, street/industry/employment form and at most one category
 * @param targetKpiId the {@code targets.kpi_id} it is measured against, or null when it has none
 */
public record KpiDefinition(
        String id,
        String nameZh,
        String nameEn,
        String unit,
        EventStream<?> stream,
        EventFilter filter,
        Measure measure,
        List<Dimension> dimensions,
        String targetKpiId)
        implements Serializable {

    public KpiDefinition {
        dimensions = List.copyOf(dimensions);
    }

    /** The {@code targets.kpi_id} this KPI's completion rate is computed against, if any. */
    public Optional<String> target() {
        return Optional.ofNullable(targetKpiId);
    }

    /** Whether this event of the KPI's stream counts towards it. */
    public boolean matches(SpecificRecordBase event) {
        return filter.matches(event);
    }

    /** What a matching event adds, in hundredths of the unit. */
    public long hundredths(SpecificRecordBase event) {
        return measure.hundredths(event);
    }
}
