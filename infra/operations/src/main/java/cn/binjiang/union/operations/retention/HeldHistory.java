package cn.binjiang.union.operations.retention;

import cn.binjiang.union.operations.accounting.JobProgressProbe;
import cn.binjiang.union.schema.EventStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How far back each stream's history reaches where it is held: the oldest record Kafka still holds of the stream's
 * topic (when it was sent) against the topic's retention, and the oldest event ClickHouse holds (when it happened),
 * which no TTL removes.
 *
 * @param stream the stream's name, its topic's
 * @param kafkaOldest when the first record Kafka still holds was sent; empty when the topic holds none
 * @param retention how long Kafka keeps the topic's records ({@code retention.ms}); empty when unlimited
 * @param clickhouseOldest the oldest {@code occurred_at} of the stream's raw table; empty when it holds none
 */
public record HeldHistory(
        String stream,
        Optional<Instant> kafkaOldest,
        Optional<Duration> retention,
        Optional<Instant> clickhouseOldest) {

    /**
     * Each of the five streams' history, read from their topics ({@code topicPrefix} + stream name) at {@code bootstrap}
     * and from the ClickHouse of {@code clickhouse}.
     */
    public static List<HeldHistory> read(String bootstrap, String topicPrefix, JobProgressProbe.ClickHouse clickhouse)
            throws ExecutionException, InterruptedException, SQLException {
        try (Admin admin = JobProgressProbe.admin(bootstrap)) {
            List<String> streams =
                    EventStream.all().stream().map(EventStream::name).toList();
            List<String> topics = streams.stream().map(s -> topicPrefix + s).toList();
            List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .toList();
            // the first offset whose record was sent at or after the epoch: the first record held, with its time
            Map<TopicPartition, ListOffsetsResultInfo> first = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.forTimestamp(0))))
                    .all()
                    .get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                            .toList())
                    .all()
                    .get();
            Map<String, Instant> oldestInClickHouse = oldestEvents(clickhouse);
            List<HeldHistory> out = new ArrayList<>();
            for (String stream : streams) {
                String topic = topicPrefix + stream;
                Optional<Instant> kafkaOldest = first.entrySet().stream()
                        .filter(e ->
                                e.getKey().topic().equals(topic) && e.getValue().timestamp() >= 0)
                        .map(e -> Instant.ofEpochMilli(e.getValue().timestamp()))
                        .min(Instant::compareTo);
                long retentionMs = Long.parseLong(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                        .get(TopicConfig.RETENTION_MS_CONFIG)
                        .value());
                out.add(new HeldHistory(
                        stream,
                        kafkaOldest,
                        retentionMs < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retentionMs)),
                        Optional.ofNullable(oldestInClickHouse.get(stream))));
            }
            return out;
        }
    }

    /** The oldest occurred_at of each stream's raw table (FINAL is not needed: a re-sent copy has the same time). */
    private static Map<String, Instant> oldestEvents(JobProgressProbe.ClickHouse clickhouse) throws SQLException {
        String sql = EventStream.all().stream()
                .map(s -> String.format(
                        "SELECT '%1$s', count() > 0, toUnixTimestamp64Milli(min(occurred_at)) FROM %1$s_events",
                        s.name()))
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, Instant> out = new HashMap<>();
        try (Connection c = clickhouse.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (rs.getBoolean(2)) out.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(3)));
            }
        }
        return out;
    }
}
