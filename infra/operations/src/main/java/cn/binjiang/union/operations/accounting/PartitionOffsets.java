package cn.binjiang.union.operations.accounting;

/**
 * Where the KPI job's consumer group stands in one partition of a stream topic.
 *
 * @param earliest the first offset still in the partition
 * @param committed the group's committed offset (committed on each checkpoint, after the sinks
 *     flushed), or {@code earliest} while the group has committed none
 * @param end the offset the next record sent will get
 */
public record PartitionOffsets(String topic, int partition, long earliest, long committed, long end) {

    /** The partition as Kafka names it, {@code topic-partition}. */
    public String name() {
        return topic + "-" + partition;
    }

    /** Records the group has consumed and checkpointed. */
    public long consumed() {
        return committed - earliest;
    }

    /** Records in the partition the group has not consumed yet. */
    public long lag() {
        return end - committed;
    }
}
