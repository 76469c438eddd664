package cn.binjiang.union.jobs.kpi.records;

/**
 * A record the job could not accept, with where it came from and why: written to the
 * dead-letter topic and to {@code rejected_events}. Resident IDs are masked in every field.
 *
 * @param reason a reason code: too_large, undecodable, unknown_schema, wrong_stream, invalid_field:&lt;name&gt;, unknown_street,
 *               unknown_enterprise, too_late
 * @param payloadBase64 the record's bytes (resident IDs masked), base64
 */
public record DeadLetter(
        String reason, String detail, String topic, int partition, long offset,
        long rejectedAt, String payloadBase64) {}
