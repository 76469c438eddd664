package cn.binjiang.union.jobs.kpi.fanout;

import java.time.LocalDate;

/**
 * The periods every KPI is bucketed by, in the Asia/Shanghai calendar. A bucket is the epoch day
 * of the period's first day, so that all three grains share one integer column.
 */
public enum Grain {
    DAY("day"),
    MONTH("month"),
    YEAR("year");

    private final String label;

    Grain(String label) {
        this.label = label;
    }

    /** The grain as {@code kpi_values.grain} holds it. */
    public String label() {
        return label;
    }

    /** The epoch day of the first day of the period this Shanghai calendar date falls in. */
    public int bucket(LocalDate shanghaiDate) {
        LocalDate first = switch (this) {
            case DAY -> shanghaiDate;
            case MONTH -> shanghaiDate.withDayOfMonth(1);
            case YEAR -> shanghaiDate.withDayOfYear(1);
        };
        return Math.toIntExact(first.toEpochDay());
    }
}
