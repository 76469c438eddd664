package cn.binjiang.union.jobs.alerts.notify;

import cn.binjiang.union.jobs.alerts.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one notification to the webhook. A failure (no answer, a non-2xx status, a robot's
 * {@code errcode} other than 0) completes exceptionally and Flink's async retry strategy tries again
 * with back-off; the element stays in the operator's checkpointed queue until delivered, so a
 * webhook that is down loses nothing, and a restore re-sends only what the {@link DeliveryLog} has not
 * recorded as delivered. An alert's notifications go out in the order of its transitions.
 *
 * <p>Metrics: {@code notificationsDelivered} (the robot accepted it) and {@code deliveryFailures}
 * (attempts that failed and will be retried): failures rising while deliveries stand still is a
 * webhook that is down or refuses the robot's token.
 */
public final class WebhookDelivery extends RichAsyncFunction<AlertTransition, Delivery> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Webhook webhook;
    private final DeliveryLog log;
    private transient HttpClient http;
    private transient ExecutorService sender;
    private transient Map<String, Integer> attempts;
    private transient Set<String> deliveredHere;
    private transient Counter delivered;
    private transient Counter failures;

    public WebhookDelivery(Webhook webhook, DeliveryLog log) {
        this.webhook = webhook;
        this.log = log;
    }

    @Override
    public void open(OpenContext openContext) {
        http = HttpClient.newBuilder().connectTimeout(webhook.timeout()).build();
        // one sender: notifications leave in order and a down webhook is not hammered in parallel
        sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "webhook-sender"));
        attempts = new ConcurrentHashMap<>();
        deliveredHere = ConcurrentHashMap.newKeySet();
        delivered = getRuntimeContext().getMetricGroup().counter("notificationsDelivered");
        failures = getRuntimeContext().getMetricGroup().counter("deliveryFailures");
    }

    @Override
    public void close() {
        if (sender != null) sender.shutdownNow();
    }

    @Override
    public void asyncInvoke(AlertTransition t, ResultFuture<Delivery> result) {
        sender.execute(() -> {
            int attempt = attempts.merge(t.transitionId(), 1, Integer::sum);
            try {
                if (log.delivered(t.transitionId())) {
                    attempts.remove(t.transitionId());
                    result.complete(List.of());
                    return;
                }
                // retries race each other: a resolution must not overtake its firing
                if (!t.after().isEmpty() && !deliveredHere.contains(t.after()) && !log.delivered(t.after())) {
                    throw new IOException("waiting for " + t.after() + " to be delivered first");
                }
                try {
                    send(t);
                } catch (Exception e) {
                    // counted here, not below: waiting for an earlier notification is no failure of the webhook
                    failures.inc();
                    throw e;
                }
                delivered.inc();
                deliveredHere.add(t.transitionId());
                attempts.remove(t.transitionId());
                result.complete(List.of(new Delivery(t.transitionId(), System.currentTimeMillis(), attempt)));
            } catch (Exception e) {
                LOG.warn(
                        "webhook: {} not delivered (attempt {}): {}; will retry",
                        t.transitionId(),
                        attempt,
                        e.toString());
                result.completeExceptionally(e);
            }
        });
    }

    private void send(AlertTransition t) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        WebhookMessage.signedUrl(webhook.url(), webhook.secret(), System.currentTimeMillis())))
                .timeout(webhook.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookMessage.body(webhook.flavour(), t)))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IOException("webhook answered HTTP " + r.statusCode());
        // DingTalk and WeCom answer 200 with {"errcode": ...}; another receiver may answer anything else
        if (!r.body().strip().startsWith("{")) return;
        JsonNode body = JSON.readTree(r.body());
        if (body.has("errcode") && body.get("errcode").asInt() != 0) {
            throw new IOException("webhook answered errcode "
                    + body.get("errcode").asInt() + ": " + body.path("errmsg").asText());
        }
    }
}
