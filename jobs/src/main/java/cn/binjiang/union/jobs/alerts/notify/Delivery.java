package cn.binjiang.union.jobs.alerts.notify;

/** A notification the webhook acknowledged: a row of {@code alert_notifications}. */
public record Delivery(String transitionId, long deliveredAt, int attempts) {}
