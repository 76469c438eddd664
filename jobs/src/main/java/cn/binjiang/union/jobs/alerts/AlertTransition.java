package cn.binjiang.union.jobs.alerts;

/**
 * A change of an alert's state, as written to the {@code alerts} topic and table and notified.
 *
 * @param transitionId {@code <alert id>#<seq>}: the same transition keeps its id after a restore, so the
 *     table collapses repeats and the notifier never sends one twice
 * @param status {@code pending}, {@code firing} or {@code resolved}
 * @param notifies whether the webhook hears of it (a pending never; a firing within the rule's suppression
 *     window after the last notified one is recorded only; a resolution when its firing was notified)
 * @param at when it happened (epoch ms, processing time)
 * @param after the alert's previous notified transition ({@code ""}: none), which the webhook must get first
 */
public record AlertTransition(String transitionId, String alertId, String name, String severity, String status,
                              String street, String kpiId, String message, long seq, long at, boolean notifies, String after) {}
