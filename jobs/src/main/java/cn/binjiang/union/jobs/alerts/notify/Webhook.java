package cn.binjiang.union.jobs.alerts.notify;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where notifications are sent and how: the robot's URL, its signing secret (DingTalk; may be empty), the body's
 * flavour.
 */
public record Webhook(String url, String secret, WebhookMessage.Flavour flavour, Duration timeout, Duration maxBackoff)
        implements Serializable {

    @Override
    public String toString() {
        return "Webhook[" + url.replaceAll("(access_token|key)=[^&]+", "$1=***") + ", " + flavour
                + (secret.isEmpty() ? "" : ", signed") + "]";
    }
}
