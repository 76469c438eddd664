package cn.binjiang.union.schema.topic;

/**
 * A change of an alert's state as the {@code alerts} topic carries it ({@link AlertJson}, its contract):
 * what the alert job publishes of each transition.
 *
 * @param transitionId {@code <alert id>#<seq>}: a transition keeps its id after a restore, so a consumer
 *     recognises a repeat
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param status {@code pending}, {@code firing} or {@code resolved}
 * @param street the street the alert concerns, {@code ""} for the district or no street
 * @param kpiId the KPI a KPI rule watches, {@code ""} for the others
 * @param message what was seen, in Chinese, for the duty officer
 * @param at when it happened (epoch ms)
 * @param notifies whether the webhook is told of it
 */
public record AlertUpdate(
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
        boolean notifies) {}
