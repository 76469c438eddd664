package cn.binjiang.union.dashboards.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A KPI's twelve months of a year beside the same month a year before (同比) and the month before (环比, December of
 * the year before for January). A month the data clock has not reached yet has no value (null), not 0: its 同比 would
 * read −100 % when nothing could have happened yet. A month the clock reached without a cell is 0.
 */
final class MonthlyComparison {
    private MonthlyComparison() {}

    /**
     * @param cells the month cells' values by the month's first day, of {@code year} and the year before
     * @param clock the data clock's day in Beijing time, empty before the first event
     */
    static List<Map<String, Object>> of(int year, Map<LocalDate, BigDecimal> cells, Optional<LocalDate> clock) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            LocalDate first = LocalDate.of(year, month, 1);
            BigDecimal value = value(first, cells, clock);
            BigDecimal lastYear = value(first.minusYears(1), cells, clock);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", first.toString().substring(0, 7));
            row.put("value", value);
            row.put("last_year", lastYear);
            row.put("yoy", change(value, lastYear));
            row.put("mom", change(value, value(first.minusMonths(1), cells, clock)));
            out.add(row);
        }
        return out;
    }

    private static BigDecimal value(LocalDate month, Map<LocalDate, BigDecimal> cells, Optional<LocalDate> clock) {
        if (clock.isEmpty() || month.isAfter(clock.get())) return null;
        return cells.getOrDefault(month, BigDecimal.ZERO);
    }

    /** {@code value / base − 1}; null without both or on a base of 0, where a growth rate means nothing. */
    static Double change(BigDecimal value, BigDecimal base) {
        if (value == null || base == null || base.signum() == 0) return null;
        return value.doubleValue() / base.doubleValue() - 1;
    }
}
