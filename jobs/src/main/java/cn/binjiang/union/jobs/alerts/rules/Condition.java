package cn.binjiang.union.jobs.alerts.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * What a rule watches. Each kind is one rule type of the rules file ({@code type:}, {@link RuleType}).
 *
 * <p>Every place that treats the kinds differently (judging, routing, which KPI series a rule reads) does it
 * through {@link #match}, with one case per kind: a new kind fails to compile until each of them has handled
 * it. This is the exhaustive switch over the sealed type in the form Java 17 allows (a pattern {@code switch}
 * needs Java 21; the jobs' code targets 17, the Java of the Flink image it runs in).
 */
public sealed interface Condition extends Serializable {

    /** One case per kind of condition. */
    interface Cases<R> {
        R threshold(Threshold t);

        R pace(Pace p);

        R baseline(Baseline b);

        R silence(Silence s);

        R deadLetterRate(DeadLetterRate d);
    }

    /** The case of {@code cases} for this kind. */
    <R> R match(Cases<R> cases);

    /** {@code threshold}: the current period's value of a KPI slice above or below a bound. */
    record Threshold(KpiSlice slice, boolean above, long boundHundredths) implements Condition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.threshold(this);
        }
    }

    /**
     * {@code pace}: a KPI's year against its target: completion rate minus the share of the year gone
     * is more than {@code behindPoints} percentage points below zero. Targets per year are those in force
     * ({@code targets_in_force}) when the rules were checked at start; a revision since reaches the rule as an
     * {@code AlertInput} of kind {@code TARGETS}.
     */
    record Pace(KpiSlice slice, java.util.Map<Integer, Double> targetByYear, double behindPoints) implements Condition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.pace(this);
        }
    }

    /**
     * {@code baseline}: a day against the mean of the {@code days} days before it. A spike is judged on
     * the running day, a drop on a finished day (a day in progress is always "low"); both only when the
     * baseline mean is at least {@code minVolumeHundredths}, so that quiet slices do not flap.
     */
    record Baseline(KpiSlice slice, boolean spike, double changePercent, int days, long minVolumeHundredths)
            implements Condition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.baseline(this);
        }
    }

    /** {@code silence}: no record on an event stream's topic for {@code after}. */
    record Silence(String stream, Duration after) implements Condition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.silence(this);
        }
    }

    /**
     * {@code dead_letter_rate}: dead-lettered records over all records in the last {@code window}, when at least {@code
     * minEvents}.
     */
    record DeadLetterRate(double abovePercent, Duration window, long minEvents) implements Condition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.deadLetterRate(this);
        }
    }
}
