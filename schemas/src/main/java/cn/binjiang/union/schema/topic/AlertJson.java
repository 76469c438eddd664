package cn.binjiang.union.schema.topic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The contract of the {@code alerts} topic (schemas/README.md, "The JSON topics"): one record per alert
 * transition, keyed by the alert's id ({@link #key}) so that one alert's transitions stay in order, as
 * JSON ({@link #write}), which the alert job writes; {@link #read} reads one back.
 */
public final class AlertJson {
    private AlertJson() {}

    public static byte[] key(AlertUpdate a) {
        return a.alertId().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code {"transition_id", "alert_id", "name", "severity", "status", "street", "kpi_id", "message", "seq", "at",
     * "notify"}}
     */
    public static byte[] write(AlertUpdate a) {
        ObjectNode n = JsonFields.newRecord();
        n.put("transition_id", a.transitionId());
        n.put("alert_id", a.alertId());
        n.put("name", a.name());
        n.put("severity", a.severity());
        n.put("status", a.status());
        n.put("street", a.street());
        n.put("kpi_id", a.kpiId());
        n.put("message", a.message());
        n.put("seq", a.seq());
        n.put("at", Instant.ofEpochMilli(a.at()).toString());
        n.put("notify", a.notifies());
        return JsonFields.bytes(n);
    }

    /**
     * A record as {@link #write} wrote it.
     *
     * @throws IOException naming the field that is missing or not of its type
     */
    public static AlertUpdate read(byte[] json) throws IOException {
        JsonFields f = JsonFields.of(Topic.ALERTS, json);
        return new AlertUpdate(
                f.text("transition_id"),
                f.text("alert_id"),
                f.text("name"),
                f.text("severity"),
                f.text("status"),
                f.text("street"),
                f.text("kpi_id"),
                f.text("message"),
                f.whole("seq"),
                f.instant("at"),
                f.bool("notify"));
    }
}
