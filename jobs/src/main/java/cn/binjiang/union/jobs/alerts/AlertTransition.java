package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.schema.topic.AlertUpdate;

/**
 * A change of an alert's state, as written to the {@code alerts} table, published on the {@code alerts} topic
 * ({@link #published()}) and notified. It stays apart from the topic's contract record: the notifier's
 * checkpointed queue holds transitions, so their class is part of the job's savepoints.
 *
 * @param transitionId {@code <alert id>#<seq>}: the same transition keeps its id after a restore, so the
 *     table collapses repeats and the notifier never sends one twice
 * @param status {@code pending}, {@code firing} or {@code resolved}
 * @param notifies whether the webhook hears of it (a pending never; a firing within the rule's suppression
 *     window after the last notified one is recorded only; a resolution when its firing was notified)
 * @param at when it happened (epoch ms, processing time)
 * @param after the alert's previous notified transition ({@code ""}: none), which the webhook must get first
 */
public record AlertTransition(
        String transitionId,
        String alertId,
        String name,
        String severity,
        String status,
        String street,
        String kpiId,
        String message,
        long seq,
        long at,
        boolean notifies,
        String after) {

    /** What the {@code alerts} topic carries of it: all but {@code after}, which only the notifier needs. */
    public AlertUpdate published() {
        return new AlertUpdate(
                transitionId, alertId, name, severity, status, street, kpiId, message, seq, at, notifies);
    }
}
