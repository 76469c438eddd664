package cn.binjiang.union.jobs.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * One rule of the rules file: the alert it raises (its id is the alert's id), how urgent, what it
 * watches, and how it behaves over time.
 *
 * @param pendingFor how long the condition must hold before the alert fires (pending until then)
 * @param suppressFor after a notified firing, further firings within this long are recorded but not sent
 */
public record AlertRule(
        String id, String name, Severity severity, Condition condition, Duration pendingFor, Duration suppressFor)
        implements Serializable {

    /** The street the alert concerns ({@code ""}: the district, or no street): a street officer sees only theirs. */
    public String street() {
        return kpiSlice().map(KpiSlice::street).orElse("");
    }

    public boolean watchesKpis() {
        return kpiSlice().isPresent();
    }

    /** The KPI series a KPI rule reads. */
    public KpiSlice slice() {
        return kpiSlice().orElseThrow(() -> new IllegalStateException("rule " + id + " watches no KPI"));
    }

    /** The KPI series the rule reads; none for a rule over the topics' traffic. */
    private Optional<KpiSlice> kpiSlice() {
        return condition.match(WATCHED_SLICE);
    }

    private static final Condition.Cases<Optional<KpiSlice>> WATCHED_SLICE = new Condition.Cases<>() {
        @Override
        public Optional<KpiSlice> threshold(Condition.Threshold t) {
            return Optional.of(t.slice());
        }

        @Override
        public Optional<KpiSlice> pace(Condition.Pace p) {
            return Optional.of(p.slice());
        }

        @Override
        public Optional<KpiSlice> baseline(Condition.Baseline b) {
            return Optional.of(b.slice());
        }

        @Override
        public Optional<KpiSlice> silence(Condition.Silence s) {
            return Optional.empty();
        }

        @Override
        public Optional<KpiSlice> deadLetterRate(Condition.DeadLetterRate d) {
            return Optional.empty();
        }
    };
}
