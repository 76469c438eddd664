package cn.binjiang.union.operations.accounting;

import cn.binjiang.union.schema.EventStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How far the KPI job has got, and the one test of whether it has caught up: used by {@code
 * ./platform job status} and {@code ./platform generate --wait}.
 *
 * <p>A lag of 0 alone is not enough: it says the group committed the end of every partition, not
 * that what it read is in ClickHouse. Caught up is both: no lag, and per stream every record
 * consumed is an event stored, a duplicate or a rejection (the identity of migration V011).
 */
public record JobProgress(List<PartitionOffsets> partitions, List<StreamAccount> streams) {

    /** What ClickHouse holds of one stream. */
    public record Stored(long accepted, long duplicates, long rejected) {}

    public JobProgress {
        partitions = List.copyOf(partitions);
        streams = List.copyOf(streams);
    }

    /**
     * Accounts each of the five streams: the records consumed from its topic ({@code topicPrefix} +
     * stream name) against what ClickHouse holds of it (a stream missing from {@code stored} holds
     * nothing).
     */
    public static JobProgress of(String topicPrefix, List<PartitionOffsets> partitions, Map<String, Stored> stored) {
        List<StreamAccount> streams = EventStream.all().stream()
                .map(s -> {
                    String topic = topicPrefix + s.name();
                    long consumed = partitions.stream()
                            .filter(p -> p.topic().equals(topic))
                            .mapToLong(PartitionOffsets::consumed)
                            .sum();
                    Stored in = stored.getOrDefault(s.name(), new Stored(0, 0, 0));
                    return new StreamAccount(s.name(), consumed, in.accepted(), in.duplicates(), in.rejected());
                })
                .toList();
        return new JobProgress(partitions, streams);
    }

    /** Records not consumed yet, over every partition. */
    public long lag() {
        return partitions.stream().mapToLong(PartitionOffsets::lag).sum();
    }

    /** Records consumed, over every stream. */
    public long consumed() {
        return streams.stream().mapToLong(StreamAccount::consumed).sum();
    }

    /** Records ClickHouse has an account of, over every stream. */
    public long accounted() {
        return streams.stream().mapToLong(StreamAccount::accounted).sum();
    }

    /** Every accepted event is in ClickHouse: no partition has lag, and every stream balances. */
    public boolean caughtUp() {
        return lag() == 0 && streams.stream().allMatch(StreamAccount::balanced);
    }

    /**
     * Caught up with every record sent before {@code sent} was read, whatever was sent since (a live load that keeps
     * running): the group committed at least up to each partition's end offset in {@code sent}, so the job checkpointed
     * past those records after its sinks flushed them. With nothing sent since, that is {@link #caughtUp()}: no lag
     * and every stream balanced; with more sent, a stream's later records may be in ClickHouse before their offsets
     * are committed, so it must hold at least what was consumed.
     */
    public boolean caughtUpWith(List<PartitionOffsets> sent) {
        Map<String, Long> sentEnd =
                sent.stream().collect(Collectors.toMap(PartitionOffsets::name, PartitionOffsets::end));
        boolean committedPastSent =
                partitions.stream().allMatch(p -> p.committed() >= sentEnd.getOrDefault(p.name(), p.earliest()));
        if (!committedPastSent) return false;
        return lag() == 0 ? caughtUp() : streams.stream().allMatch(s -> s.accounted() >= s.consumed());
    }

    /** What stands between the job and {@link #caughtUp()}; empty when it has caught up. */
    public String shortfall() {
        String unbalanced = streams.stream()
                .filter(s -> !s.balanced())
                .map(s ->
                        String.format("%s %,d consumed but %,d in ClickHouse", s.stream(), s.consumed(), s.accounted()))
                .collect(Collectors.joining(", "));
        if (lag() == 0) return unbalanced;
        String behind = String.format("lag %,d", lag());
        return unbalanced.isEmpty() ? behind : behind + "; " + unbalanced;
    }
}
