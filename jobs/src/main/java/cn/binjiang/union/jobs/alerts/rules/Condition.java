package cn.binjiang.union.jobs.alerts.rules;

import java.io.Serializable;
import java.time.Duration;

/** What a rule watches. Each kind is one rule type of the rules file ({@code type:}). */
public sealed interface Condition extends Serializable {

    /** {@code threshold}: the current period's value of a KPI slice above or below a bound. */
    record Threshold(KpiSlice slice, boolean above, long boundHundredths) implements Condition {}

    /**
     * {@code pace}: a KPI's year against its target: completion rate minus the share of the year gone
     * is more than {@code behindPoints} percentage points below zero. Targets per year come from the
     * {@code targets} table.
     */
    record Pace(KpiSlice slice, java.util.Map<Integer, Double> targetByYear, double behindPoints) implements Condition {}

    /**
     * {@code baseline}: a day against the mean of the {@code days} days before it. A spike is judged on
     * the running day, a drop on a finished day (a day in progress is always "low"); both only when the
     * baseline mean is at least {@code minVolumeHundredths}, so that quiet slices do not flap.
     */
    record Baseline(KpiSlice slice, boolean spike, double changePercent, int days, long minVolumeHundredths) implements Condition {}

    /** {@code silence}: no record on an event stream's topic for {@code after}. */
    record Silence(String stream, Duration after) implements Condition {}

    /** {@code dead_letter_rate}: dead-lettered records over all records in the last {@code window}, when at least {@code minEvents}. */
    record DeadLetterRate(double abovePercent, Duration window, long minEvents) implements Condition {}
}
