package cn.binjiang.union.jobs.alerts.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * One rule of the rules file: the alert it raises (its id is the alert's id), how urgent, what it
 * watches, and how it behaves over time.
 *
 * @param pendingFor how long the condition must hold before the alert fires (pending until then)
 * @param suppressFor after a notified firing, further firings within this long are recorded but not sent
 */
public record AlertRule(String id, String name, Severity severity, Condition condition,
                        Duration pendingFor, Duration suppressFor) implements Serializable {

    /** The street the alert concerns ({@code ""}: the district, or no street): a street officer sees only theirs. */
    public String street() {
        return watchesKpis() ? slice().street() : "";
    }

    public boolean watchesKpis() {
        return condition instanceof Condition.Threshold || condition instanceof Condition.Pace || condition instanceof Condition.Baseline;
    }

    /** The KPI series a KPI rule reads. */
    public KpiSlice slice() {
        if (condition instanceof Condition.Threshold t) return t.slice();
        if (condition instanceof Condition.Pace p) return p.slice();
        if (condition instanceof Condition.Baseline b) return b.slice();
        throw new IllegalStateException("rule " + id + " watches no KPI");
    }
}
