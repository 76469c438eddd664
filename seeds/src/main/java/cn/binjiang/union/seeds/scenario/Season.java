package cn.binjiang.union.seeds.scenario;

import cn.binjiang.union.schema.kpi.KpiCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * When union work happens over a stretch of days, in Beijing time: on workdays far more than at
 * weekends, hardly during the public holidays, and month by month as a campaign's profile says.
 * The scenario draws every event time from one, so the cockpit shows weekly rhythm and campaigns.
 */
final class Season {
    private static final double WEEKEND = 0.15;
    private static final double HOLIDAY = 0.03;
    /**
     * The State Council's holiday weeks of 2021 and 2022 (New Year, Spring Festival, Qingming, Labour Day, Dragon Boat,
     * Mid-Autumn, National Day).
     */
    private static final List<LocalDate[]> HOLIDAYS = List.of(
            holiday("2021-01-01", "2021-01-03"),
            holiday("2021-02-11", "2021-02-17"),
            holiday("2021-04-03", "2021-04-05"),
            holiday("2021-05-01", "2021-05-05"),
            holiday("2021-06-12", "2021-06-14"),
            holiday("2021-09-19", "2021-09-21"),
            holiday("2021-10-01", "2021-10-07"),
            holiday("2022-01-01", "2022-01-03"),
            holiday("2022-01-31", "2022-02-06"),
            holiday("2022-04-03", "2022-04-05"),
            holiday("2022-04-30", "2022-05-04"),
            holiday("2022-06-03", "2022-06-05"),
            holiday("2022-09-10", "2022-09-12"),
            holiday("2022-10-01", "2022-10-07"));

    private final LocalDate first;
    private final double[] cumulative;

    /** @param monthWeights twelve relative weights, January first: the campaign's profile */
    Season(LocalDate first, LocalDate end, double[] monthWeights) {
        this.first = first;
        this.cumulative = new double[(int) ChronoUnit.DAYS.between(first, end)];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            LocalDate day = first.plusDays(i);
            total += dayWeight(day) * monthWeights[day.getMonthValue() - 1];
            cumulative[i] = total;
        }
        if (total <= 0)
            throw new IllegalArgumentException("no working day from " + first + " to " + end + " in this profile");
    }

    static Season year(int year, double[] monthWeights) {
        return new Season(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1), monthWeights);
    }

    /** Every month alike: only the weekly and holiday rhythm. */
    static Season days(LocalDate first, long days) {
        double[] flat = new double[12];
        Arrays.fill(flat, 1);
        return new Season(first, first.plusDays(days), flat);
    }

    /** A moment of a day drawn by weight: office hours on workdays, the middle of the day otherwise. */
    Instant sample(Random random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
        LocalDate day = first.plusDays(i >= 0 ? i : -i - 1);
        boolean workday = dayWeight(day) == 1;
        int from = workday ? 8 * 60 + 30 : 10 * 60;
        int minutes = workday ? 9 * 60 + 30 : 6 * 60;
        LocalTime time = LocalTime.ofSecondOfDay(from * 60L + random.nextInt(minutes * 60));
        return day.atTime(time).atZone(KpiCalendar.ZONE).toInstant();
    }

    static LocalDate dayOf(Instant at) {
        return KpiCalendar.dateOf(at);
    }

    private static double dayWeight(LocalDate day) {
        for (LocalDate[] holiday : HOLIDAYS) {
            if (!day.isBefore(holiday[0]) && !day.isAfter(holiday[1])) return HOLIDAY;
        }
        return switch (day.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> WEEKEND;
            default -> 1;
        };
    }

    private static LocalDate[] holiday(String first, String last) {
        return new LocalDate[] {LocalDate.parse(first), LocalDate.parse(last)};
    }
}
