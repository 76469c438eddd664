package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.KpiValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The JSON the job publishes on Kafka: a public contract for the alert job and any other
 * consumer, so field names are spelled out here rather than derived from Java names.
 */
public final class JsonRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {}

    /**
     * {@code {"kpi_id", "grain", "bucket": "2022-03-01", "street", ..., "value": 949.00, "version", "updated_at",
     * "watermark"}}; {@code watermark} (the job's event time) is absent until the job has one.
     */
    public static byte[] kpiUpdate(KpiValue v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kpi_id", v.kpiId());
        n.put("grain", v.grain());
        n.put("bucket", LocalDate.ofEpochDay(v.bucket()).toString());
        n.put("street", v.street());
        n.put("industry", v.industry());
        n.put("employment_form", v.employmentForm());
        n.put("category", v.category());
        n.put("value", BigDecimal.valueOf(v.value(), 2));
        n.put("version", v.version());
        n.put("updated_at", Instant.ofEpochMilli(v.updatedAt()).toString());
        if (v.watermark() != Long.MIN_VALUE) n.put("watermark", Instant.ofEpochMilli(v.watermark()).toString());
        return bytes(n);
    }

    /** {@code {"reason", "detail", "topic", "partition", "offset", "rejected_at", "payload_base64"}} */
    public static byte[] deadLetter(DeadLetter d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reason", d.reason());
        n.put("detail", d.detail());
        n.put("topic", d.topic());
        n.put("partition", d.partition());
        n.put("offset", d.offset());
        n.put("rejected_at", Instant.ofEpochMilli(d.rejectedAt()).toString());
        n.put("payload_base64", d.payloadBase64());
        return bytes(n);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
