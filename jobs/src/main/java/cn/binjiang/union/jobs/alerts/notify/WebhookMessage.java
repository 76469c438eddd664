package cn.binjiang.union.jobs.alerts.notify;

import cn.binjiang.union.jobs.alerts.AlertTransition;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The body and URL of a robot-webhook notification. DingTalk and WeCom group robots both take a
 * {@code markdown} message; they differ in the field holding the text, and DingTalk signs the URL
 * with a secret (timestamp and HMAC-SHA256 of {@code timestamp + "\n" + secret}).
 */
public final class WebhookMessage {
    public enum Flavour {
        DINGTALK,
        WECOM
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(KpiCalendar.ZONE);
    private static final Map<String, String> SEVERITY = Map.of("info", "提示", "warning", "警告", "critical", "严重");
    private static final Map<String, String> STATUS = Map.of("firing", "触发", "resolved", "恢复", "pending", "待定");

    private WebhookMessage() {}

    public static String title(AlertTransition t) {
        return ("resolved".equals(t.status()) ? "【恢复】" : "【告警】") + t.name();
    }

    public static String markdown(AlertTransition t) {
        return "### " + title(t) + "\n\n"
                + "- 级别：" + SEVERITY.getOrDefault(t.severity(), t.severity()) + "\n"
                + "- 状态：" + STATUS.getOrDefault(t.status(), t.status()) + "\n"
                + "- 范围：" + (t.street().isEmpty() ? "全区" : t.street()) + "\n"
                + "- 详情：" + t.message() + "\n"
                + "- 时间：" + TIME.format(Instant.ofEpochMilli(t.at())) + "\n"
                + "- 编号：" + t.transitionId() + "\n";
    }

    public static byte[] body(Flavour flavour, AlertTransition t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("msgtype", "markdown");
        ObjectNode md = n.putObject("markdown");
        if (flavour == Flavour.DINGTALK) {
            md.put("title", title(t));
            md.put("text", markdown(t));
        } else {
            md.put("content", markdown(t));
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** The URL to call: with DingTalk's {@code timestamp} and {@code sign} when a secret is set. */
    public static String signedUrl(String url, String secret, long now) {
        if (secret == null || secret.isEmpty()) return url;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sign = mac.doFinal((now + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(sign), StandardCharsets.UTF_8);
            return url + (url.contains("?") ? "&" : "?") + "timestamp=" + now + "&sign=" + encoded;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
