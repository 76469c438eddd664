package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import java.util.Locale;
import java.util.Optional;

/**
 * An alert's states: ok → pending (the condition holds, not yet for the rule's {@code for}) → firing →
 * resolved (the condition no longer holds) → pending/firing again. Repeated observations of the same
 * state emit nothing, so an alert is heard once per firing and once when it is over.
 */
public final class AlertLifecycle {
    public enum Status {
        OK,
        PENDING,
        FIRING,
        RESOLVED
    }

    /**
     * What the keyed state keeps of an alert.
     *
     * @param since when the condition started to hold (pending and firing)
     * @param lastNotifiedFiring when a firing was last notified (0: never), for the suppression window
     * @param notified whether the current firing was notified (its resolution is then notified too)
     * @param lastNotifiedSeq the seq of the last notified transition (0: none), to keep notifications in order
     */
    public record State(
            Status status, long since, long lastNotifiedFiring, boolean notified, long seq, long lastNotifiedSeq) {
        public static final State INITIAL = new State(Status.OK, 0, 0, false, 0, 0);
    }

    public record Step(State state, Optional<AlertTransition> transition) {}

    private AlertLifecycle() {}

    /**
     * The next state after observing whether the condition holds at {@code now}, and the transition to emit, if any.
     */
    public static Step observe(AlertRule rule, State s, boolean holds, long now, String message) {
        boolean active = s.status() == Status.PENDING || s.status() == Status.FIRING;
        if (holds) {
            long since = active ? s.since() : now;
            boolean due = now - since >= rule.pendingFor().toMillis();
            if (s.status() == Status.FIRING || (s.status() == Status.PENDING && !due))
                return new Step(s, Optional.empty());
            if (!due)
                return emit(
                        rule,
                        s,
                        new State(Status.PENDING, since, s.lastNotifiedFiring(), false, s.seq() + 1, 0),
                        now,
                        message,
                        false);
            boolean notify = s.lastNotifiedFiring() == 0
                    || now - s.lastNotifiedFiring() >= rule.suppressFor().toMillis();
            State firing =
                    new State(Status.FIRING, since, notify ? now : s.lastNotifiedFiring(), notify, s.seq() + 1, 0);
            return emit(rule, s, firing, now, message, notify);
        }
        if (!active) return new Step(s, Optional.empty());
        State resolved = new State(Status.RESOLVED, 0, s.lastNotifiedFiring(), false, s.seq() + 1, 0);
        return emit(rule, s, resolved, now, message, s.status() == Status.FIRING && s.notified());
    }

    /** The transition from {@code before} to {@code after} (whose lastNotifiedSeq is filled in here). */
    private static Step emit(AlertRule rule, State before, State next, long now, String message, boolean notify) {
        State s = new State(
                next.status(),
                next.since(),
                next.lastNotifiedFiring(),
                next.notified(),
                next.seq(),
                notify ? next.seq() : before.lastNotifiedSeq());
        String after = before.lastNotifiedSeq() == 0 ? "" : rule.id() + "#" + before.lastNotifiedSeq();
        AlertTransition t = new AlertTransition(
                rule.id() + "#" + s.seq(),
                rule.id(),
                rule.name(),
                rule.severity().name().toLowerCase(Locale.ROOT),
                s.status().name().toLowerCase(Locale.ROOT),
                rule.street(),
                rule.watchesKpis() ? rule.slice().kpiId() : "",
                message,
                s.seq(),
                now,
                notify,
                after);
        return new Step(s, Optional.of(t));
    }
}
