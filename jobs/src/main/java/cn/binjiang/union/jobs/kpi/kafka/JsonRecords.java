package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.KpiValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The JSON the job publishes on Kafka: a public contract for the alert job and any other
 * consumer, so field names are spelled out here rather than derived from Java names.
 */
public final class JsonRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {}

    /** A kpi-updates record's JSON ({@link KpiUpdateJson}), for one-off use; the sink keeps its own writer. */
    public static byte[] kpiUpdate(KpiValue v) {
        return new KpiUpdateJson().write(v);
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
