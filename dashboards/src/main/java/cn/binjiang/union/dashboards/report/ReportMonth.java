package cn.binjiang.union.dashboards.report;

import cn.binjiang.union.dashboards.api.BadRequest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The month a report is for, as {@code YYYY-MM}; a request naming another is refused with what was wrong. */
public final class ReportMonth {
    private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}");

    private ReportMonth() {}

    /** The month of {@code text}; 400 naming {@code parameter} unless it is a month of the years 2000..2100. */
    public static YearMonth parse(String text, String parameter) {
        if (text != null && FORM.matcher(text).matches()) {
            try {
                YearMonth m = YearMonth.parse(text);
                if (m.getYear() >= 2000 && m.getYear() <= 2100) return m;
            } catch (DateTimeParseException ignored) {
                // below
            }
        }
        throw new BadRequest(parameter + " must be a month YYYY-MM (2000-01..2100-12), got '" + text + "'");
    }

    static LocalDate firstDay(YearMonth m) {
        return m.atDay(1);
    }

    /** Share of the month's year gone at the month's end (its last day included): 1 for December. */
    static double yearGone(YearMonth m) {
        return (double) m.atEndOfMonth().getDayOfYear() / m.atEndOfMonth().lengthOfYear();
    }
}
