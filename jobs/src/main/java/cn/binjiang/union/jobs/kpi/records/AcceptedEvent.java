package cn.binjiang.union.jobs.kpi.records;

/**
 * An event that decoded and passed validation, with its resident ID already replaced by the
 * keyed pseudonym. The payload is the event re-encoded (Avro single-object encoding) so that no
 * Avro type crosses an operator boundary.
 *
 * @param stream the stream name (enrollment, training, competition, aid, legal)
 * @param occurredAt event time, epoch milliseconds
 */
public record AcceptedEvent(String eventId, String stream, long occurredAt, byte[] payload) {}
