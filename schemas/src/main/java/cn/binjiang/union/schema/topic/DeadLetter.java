package cn.binjiang.union.schema.topic;

/**
 * A record the KPI job could not accept, with where it came from and why: written to the
 * dead-letter topic ({@link DeadLetterJson}, its contract) and to {@code rejected_events}. Resident IDs
 * are masked in every field.
 *
 * @param reason a reason code: too_large, undecodable, unknown_schema, wrong_stream, invalid_field:&lt;name&gt;,
 *     unknown_street, unknown_enterprise, too_late, revision_too_late (a correction or withdrawal beyond the late
 *     horizon: the one reason whose record is stored all the same, in its raw table, for {@code kpi rebuild})
 * @param topic, partition, offset where the record was read (the topic with the job's prefix)
 * @param rejectedAt when the job rejected it (epoch ms)
 * @param payloadBase64 the record's bytes (resident IDs masked), base64
 */
public record DeadLetter(
        String reason,
        String detail,
        String topic,
        int partition,
        long offset,
        long rejectedAt,
        String payloadBase64) {}
