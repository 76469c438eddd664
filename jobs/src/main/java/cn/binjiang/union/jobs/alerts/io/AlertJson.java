package cn.binjiang.union.jobs.alerts.io;

import cn.binjiang.union.jobs.alerts.AlertTransition;
import cn.binjiang.union.jobs.alerts.rules.KpiUpdate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The alert job's JSON: {@code kpi-updates} in (the KPI job's contract), {@code alerts} out. */
public final class AlertJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {}

    /** A {@code kpi-updates} record, or an {@link IOException} naming what is wrong with it. */
    public static KpiUpdate kpiUpdate(byte[] bytes) throws IOException {
        JsonNode n = JSON.readTree(bytes);
        if (n == null || !n.isObject()) throw new IOException("not a JSON object");
        try {
            JsonNode watermark = n.get("watermark");
            return new KpiUpdate(text(n, "kpi_id"), text(n, "grain"), (int) LocalDate.parse(text(n, "bucket")).toEpochDay(),
                    text(n, "street"), text(n, "industry"), text(n, "employment_form"), text(n, "category"),
                    new BigDecimal(text(n, "value")).movePointRight(2).longValueExact(), n.path("version").asLong(),
                    watermark == null || watermark.isNull() ? Long.MIN_VALUE : Instant.parse(watermark.asText()).toEpochMilli());
        } catch (RuntimeException e) {
            throw new IOException("bad kpi-updates record: " + e.getMessage(), e);
        }
    }

    /** {@code {"transition_id", "alert_id", "name", "severity", "status", "street", "kpi_id", "message", "seq", "at", "notify"}} */
    public static byte[] alert(AlertTransition t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("transition_id", t.transitionId());
        n.put("alert_id", t.alertId());
        n.put("name", t.name());
        n.put("severity", t.severity());
        n.put("status", t.status());
        n.put("street", t.street());
        n.put("kpi_id", t.kpiId());
        n.put("message", t.message());
        n.put("seq", t.seq());
        n.put("at", Instant.ofEpochMilli(t.at()).toString());
        n.put("notify", t.notifies());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("field '" + field + "' missing");
        return v.asText();
    }
}
