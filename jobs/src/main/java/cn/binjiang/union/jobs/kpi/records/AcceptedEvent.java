package cn.binjiang.union.jobs.kpi.records;

/**
 * An event that decoded and passed validation, with its resident ID already replaced by the
 * keyed pseudonym. The payload is the event re-encoded (Avro single-object encoding) so that no
 * Avro type crosses an operator boundary; topic, partition and offset say where it was read, so
 * an event rejected later (too late) can still be traced to its record.
 *
 * @param revision the envelope's revision: 0 as first sent, higher for each correction
 * @param withdrawn whether this revision withdraws the event
 * @param stream the stream name (enrollment, training, competition, aid, legal)
 * @param occurredAt event time, epoch milliseconds
 * @param tooLateToCount a revision that happened before the late cut-off: stored in its raw table, counted in nothing
 */
public record AcceptedEvent(
        String eventId,
        int revision,
        boolean withdrawn,
        String stream,
        long occurredAt,
        byte[] payload,
        String topic,
        int partition,
        long offset,
        boolean tooLateToCount) {

    /** An event as the intake accepts it, before the late rule has judged it. */
    public AcceptedEvent(
            String eventId,
            int revision,
            boolean withdrawn,
            String stream,
            long occurredAt,
            byte[] payload,
            String topic,
            int partition,
            long offset) {
        this(eventId, revision, withdrawn, stream, occurredAt, payload, topic, partition, offset, false);
    }

    /** This revision, marked as past the late cut-off. */
    public AcceptedEvent asTooLateToCount() {
        return new AcceptedEvent(
                eventId, revision, withdrawn, stream, occurredAt, payload, topic, partition, offset, true);
    }
}
