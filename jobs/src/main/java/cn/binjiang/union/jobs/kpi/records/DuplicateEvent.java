package cn.binjiang.union.jobs.kpi.records;

/**
 * A copy of an event whose id was counted already, dropped by the deduplication: written to
 * {@code duplicate_events} so that every record read is accounted for (stored, duplicate or
 * rejected). It carries no payload: the counted copy is in the raw table.
 *
 * @param occurredAt the event time the copy carries, epoch milliseconds
 * @param detectedAt when the job dropped it, epoch milliseconds
 */
public record DuplicateEvent(
        String eventId, String stream, long occurredAt, String topic, int partition, long offset, long detectedAt) {
    public static DuplicateEvent of(AcceptedEvent copy, long detectedAt) {
        return new DuplicateEvent(
                copy.eventId(),
                copy.stream(),
                copy.occurredAt(),
                copy.topic(),
                copy.partition(),
                copy.offset(),
                detectedAt);
    }
}
