package cn.binjiang.union.operations.accounting;

import cn.binjiang.union.schema.EventStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a {@link JobProgress} from the two places that know: Kafka (the consumer group's committed
 * offsets, each partition's earliest and end offset) and ClickHouse (the raw event tables, {@code
 * duplicate_events}, {@code rejected_events}).
 */
public final class JobProgressProbe implements AutoCloseable {
    /** Opens a connection to the ClickHouse the KPI job writes to. */
    @FunctionalInterface
    public interface ClickHouse {
        Connection connect() throws SQLException;
    }

    private final Admin admin;
    private final String group;
    private final String topicPrefix;
    private final ClickHouse clickhouse;

    public JobProgressProbe(String bootstrap, String group, String topicPrefix, ClickHouse clickhouse) {
        this.admin = admin(bootstrap);
        this.group = group;
        this.topicPrefix = topicPrefix;
        this.clickhouse = clickhouse;
    }

    /**
     * An admin client of the Kafka at {@code bootstrap} that gives up within seconds, so that a caller polling a stack
     * (a restart under way) says "does not answer" rather than hanging.
     */
    public static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "3000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "4000"));
    }

    /**
     * ClickHouse at {@code jdbcUrl} as {@code CLICKHOUSE_USER} (default {@code default}) with {@code CLICKHOUSE_PASSWORD}
     * (default none).
     */
    public static ClickHouse clickhouseFromEnvironment(String jdbcUrl) {
        return () -> DriverManager.getConnection(
                jdbcUrl,
                System.getenv().getOrDefault("CLICKHOUSE_USER", "default"),
                System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""));
    }

    public JobProgress read() throws ExecutionException, InterruptedException, SQLException {
        return JobProgress.of(topicPrefix, offsets(), stored());
    }

    /** Every partition of the five stream topics, in the streams' order, then by partition. */
    public List<PartitionOffsets> offsets() throws ExecutionException, InterruptedException {
        List<String> topics =
                EventStream.all().stream().map(s -> topicPrefix + s.name()).toList();
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .sorted(Comparator.comparingInt((TopicPartition p) -> topics.indexOf(p.topic()))
                        .thenComparingInt(TopicPartition::partition))
                .toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest());
        List<PartitionOffsets> result = new ArrayList<>();
        for (TopicPartition p : partitions) {
            long first = earliest.get(p).offset();
            OffsetAndMetadata c = committed.get(p);
            result.add(new PartitionOffsets(
                    p.topic(),
                    p.partition(),
                    first,
                    c == null ? first : c.offset(),
                    end.get(p).offset()));
        }
        return result;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all()
                .get();
    }

    /** What ClickHouse holds of each stream, in one query. */
    public Map<String, JobProgress.Stored> stored() throws SQLException {
        try (Connection c = clickhouse.connect()) {
            return stored(c, topicPrefix);
        }
    }

    /**
     * What the database of {@code c} holds of each stream read from the topics {@code topicPrefix} + stream name, in one
     * query.
     */
    public static Map<String, JobProgress.Stored> stored(Connection c, String topicPrefix) throws SQLException {
        // Kafka topic names are [a-zA-Z0-9._-]: nothing in them needs quoting in a string literal. A revision too late
        // to count is rejected and stored both (TooLateFilter): it is accounted for once, by its raw row. (Copies of
        // such a revision are one raw row: the account falls short by each extra copy, the one case it does.)
        String sql = EventStream.all().stream()
                .map(s -> String.format(
                        "SELECT '%1$s', (SELECT count() FROM %1$s_events FINAL),"
                                + " (SELECT count() FROM duplicate_events FINAL WHERE topic = '%2$s%1$s'),"
                                + " (SELECT count() FROM rejected_events FINAL WHERE topic = '%2$s%1$s'"
                                + " AND reason != 'revision_too_late')",
                        s.name(), topicPrefix))
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, JobProgress.Stored> stored = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                stored.put(rs.getString(1), new JobProgress.Stored(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return stored;
    }

    @Override
    public void close() {
        admin.close();
    }
}
