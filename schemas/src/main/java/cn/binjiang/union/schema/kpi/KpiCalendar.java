package cn.binjiang.union.schema.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar the platform counts in: Binjiang's, China Standard Time (UTC+8 all year). A KPI's
 * day, month and year ({@link Grain}) are periods of this calendar, whatever zone an event was
 * sent from; so are "today" and "this year" wherever the platform shows or checks a date. The
 * ClickHouse migrations name the same zone in their {@code DateTime64(3, 'Asia/Shanghai')} columns.
 */
public final class KpiCalendar {
    /** The one definition of the zone in the code; the generator's independent oracle keeps its own on purpose. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private KpiCalendar() {}

    /** The calendar date of an instant. */
    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZONE);
    }

    /** The instant a calendar date begins, as epoch milliseconds. */
    public static long startOf(LocalDate date) {
        return date.atStartOfDay(ZONE).toInstant().toEpochMilli();
    }
}
