package cn.binjiang.union.schema.topic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The contract of the {@code dead-letter} topic (schemas/README.md, "The JSON topics"): one record per record the
 * KPI job rejected, keyed by where that record was read ({@link #key}), as JSON ({@link #write}); {@link
 * #read} reads one back. The same fields as {@code rejected_events}.
 */
public final class DeadLetterJson {
    private DeadLetterJson() {}

    /** The record key, {@code topic/partition/offset} of the rejected record: a repeat after a restore has the same. */
    public static byte[] key(DeadLetter d) {
        return (d.topic() + '/' + d.partition() + '/' + d.offset()).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"reason", "detail", "topic", "partition", "offset", "rejected_at", "payload_base64"}} */
    public static byte[] write(DeadLetter d) {
        ObjectNode n = JsonFields.newRecord();
        n.put("reason", d.reason());
        n.put("detail", d.detail());
        n.put("topic", d.topic());
        n.put("partition", d.partition());
        n.put("offset", d.offset());
        n.put("rejected_at", Instant.ofEpochMilli(d.rejectedAt()).toString());
        n.put("payload_base64", d.payloadBase64());
        return JsonFields.bytes(n);
    }

    /**
     * A record as {@link #write} wrote it.
     *
     * @throws IOException naming the field that is missing or not of its type
     */
    public static DeadLetter read(byte[] json) throws IOException {
        JsonFields f = JsonFields.of(Topic.DEAD_LETTER, json);
        return new DeadLetter(
                f.text("reason"),
                f.text("detail"),
                f.text("topic"),
                f.integer("partition"),
                f.whole("offset"),
                f.instant("rejected_at"),
                f.text("payload_base64"));
    }
}
