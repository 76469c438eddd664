package cn.binjiang.union.jobs.alerts.notify;

import cn.binjiang.union.jobs.alerts.AlertTransition;
import cn.binjiang.union.jobs.alerts.Notifications;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;
import org.apache.flink.streaming.util.retryable.RetryPredicates;

/**
 * Notifications through Flink's async I/O with its retry strategy (exponential back-off, no attempt
 * limit): undelivered notifications wait in the operator's checkpointed queue, so neither a webhook
 * that is down nor a restart loses one; each delivery is recorded in {@code alert_notifications}.
 */
public final class WebhookNotifications implements Notifications {
    private static final long serialVersionUID = 1L;
    /**
     * Long enough never to give up on a webhook that is down over a weekend; a timeout fails the job, which restarts
     * and retries.
     */
    static final long GIVE_UP_DAYS = 7;

    static final int QUEUE = 1_000;

    private final Webhook webhook;
    private final DeliveryLog log;
    private final Sink<Delivery> deliveries;

    public WebhookNotifications(Webhook webhook, DeliveryLog log, Sink<Delivery> deliveries) {
        this.webhook = webhook;
        this.log = log;
        this.deliveries = deliveries;
    }

    @Override
    public void attach(DataStream<AlertTransition> toNotify) {
        var retry = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<Delivery>(
                        Integer.MAX_VALUE, 500, webhook.maxBackoff().toMillis(), 2.0)
                .ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE)
                .build();
        AsyncDataStream.orderedWaitWithRetry(
                        toNotify, new WebhookDelivery(webhook, log), GIVE_UP_DAYS, TimeUnit.DAYS, QUEUE, retry)
                .name("webhook")
                .uid("webhook")
                .setParallelism(1)
                .sinkTo(deliveries)
                .name("alert-notifications-table")
                .uid("alert-notifications-table")
                .setParallelism(1);
    }
}
