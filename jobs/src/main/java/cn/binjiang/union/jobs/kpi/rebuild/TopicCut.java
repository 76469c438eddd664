package cn.binjiang.union.jobs.kpi.rebuild;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the KPI job's Kafka sources had read their topics at a savepoint: per partition, the offset of the next record to
 * read. Every record below it is in the savepoint's state; a partition it does not name, none.
 *
 * @param next empty for {@link #everything()}
 */
record TopicCut(Optional<Map<TopicPartition, Long>> next) {
    TopicCut {
        next = next.map(Map::copyOf);
    }

    static TopicCut of(Map<TopicPartition, Long> next) {
        return new TopicCut(Optional.of(next));
    }

    /** No cut: every record (the bench's rebuild rate, which counts a finished run's tables). */
    static TopicCut everything() {
        return new TopicCut(Optional.empty());
    }

    /** The next offset to read of {@code partition}: 0 when the source had read nothing of it. */
    long nextOf(TopicPartition partition) {
        return next.map(n -> n.getOrDefault(partition, 0L)).orElse(Long.MAX_VALUE);
    }

    /**
     * The condition on a raw table's {@code kafka_partition} and {@code kafka_offset} (V017) that holds for the rows of
     * {@code topic} below the cut, rows from before V017 (-1) included: they were read before any later cut. Only
     * numbers go into it.
     */
    String rowsBelow(String topic) {
        if (next.isEmpty()) return "1";
        String branches = next.get().entrySet().stream()
                .filter(p -> p.getKey().topic().equals(topic))
                .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
                .map(p -> "kafka_partition = " + p.getKey().partition() + ", " + p.getValue())
                .collect(Collectors.joining(", "));
        return branches.isEmpty()
                ? "kafka_partition < 0"
                : "(kafka_partition < 0 OR kafka_offset < multiIf(" + branches + ", 0))";
    }
}
