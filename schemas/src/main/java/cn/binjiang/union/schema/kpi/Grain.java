package cn.binjiang.union.schema.kpi;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;

/**
 * The periods every KPI is bucketed by, in the {@link KpiCalendar}. A bucket is the epoch day of
 * the period's first day, so that all three grains share one integer column ({@code
 * kpi_values.bucket}); the grain itself is stored as its {@link #label()}.
 */
public enum Grain {
    DAY,
    MONTH,
    YEAR;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The grain as {@code kpi_values.grain}, the kpi-updates topic, the alert rules and the dashboards spell it. */
    public String label() {
        return label;
    }

    /**
     * The grain of a label.
     *
     * @throws IllegalArgumentException naming the label and the grains there are
     */
    public static Grain ofLabel(String label) {
        for (Grain grain : values()) {
            if (grain.label.equals(label)) return grain;
        }
        throw new IllegalArgumentException("unknown grain '" + label + "' (not one of "
                + Arrays.stream(values()).map(Grain::label).toList() + ")");
    }

    /** The first day of the period this calendar date falls in. */
    public LocalDate start(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case MONTH -> date.withDayOfMonth(1);
            case YEAR -> date.withDayOfYear(1);
        };
    }

    /** The epoch day of the first day of the period this calendar date falls in. */
    public int bucket(LocalDate date) {
        return Math.toIntExact(start(date).toEpochDay());
    }

    /** The first day after the period that starts on {@code start}. */
    public LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case MONTH -> start.plusMonths(1);
            case YEAR -> start.plusYears(1);
        };
    }
}
