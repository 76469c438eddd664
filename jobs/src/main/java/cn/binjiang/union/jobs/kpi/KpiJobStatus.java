package cn.binjiang.union.jobs.kpi;

import cn.binjiang.union.schema.EventStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code KpiJobStatus FLINK_REST KAFKA GROUP CLICKHOUSE_JDBC TOPIC...}: what an operator asks of a
 * running KPI job, from the three places that know: Flink (state, last checkpoint), Kafka
 * (consumed offsets and lag of the job's group) and ClickHouse (what landed, what was rejected).
 * Each part says "unavailable" rather than failing when its service does not answer.
 */
public final class KpiJobStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KpiJobStatus() {}

    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: KpiJobStatus FLINK_REST KAFKA GROUP CLICKHOUSE_JDBC TOPIC...");
            System.exit(2);
        }
        List<String> topics = Arrays.asList(args).subList(4, args.length);
        line("flink job", attempt(() -> flink(args[0])));
        line("kafka", attempt(() -> kafka(args[1], args[2], topics)));
        line("clickhouse", attempt(() -> clickhouse(args[3])));
    }

    private static String flink(String rest) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        JsonNode jobs = get(http, rest + "/jobs/overview").path("jobs");
        if (jobs.isEmpty()) return "no job";
        JsonNode job = jobs.get(0);
        String id = job.path("jid").asText();
        JsonNode latest = get(http, rest + "/jobs/" + id + "/checkpoints").path("latest").path("completed");
        String checkpoint = latest.isMissingNode() || latest.isNull()
                ? "no checkpoint yet"
                : "last checkpoint #" + latest.path("id").asLong() + " at " + Instant.ofEpochMilli(latest.path("latest_ack_timestamp").asLong());
        return job.path("name").asText() + " " + job.path("state").asText() + ", up "
                + Duration.ofMillis(job.path("duration").asLong()).toSeconds() + " s, " + checkpoint;
    }

    private static String kafka(String bootstrap, String group, List<String> topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000"))) {
            Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            Map<TopicPartition, ListOffsetsResultInfo> start = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all().get();
            long consumed = 0;
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                long position = c == null ? start.get(p).offset() : c.offset();
                consumed += position - start.get(p).offset();
                lag += end.get(p).offset() - position;
            }
            return "events in (committed by group " + group + ") " + consumed + ", consumer lag " + lag;
        }
    }

    private static String clickhouse(String jdbcUrl) throws SQLException {
        String user = System.getenv().getOrDefault("CLICKHOUSE_USER", "default");
        String password = System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            long raw = count(s, "SELECT " + EventStream.all().stream()
                    .map(stream -> "(SELECT count() FROM " + stream.name() + "_events FINAL)")
                    .collect(Collectors.joining(" + ")));
            long rejected = count(s, "SELECT count() FROM rejected_events FINAL");
            long cells = count(s, "SELECT count() FROM kpi_latest");
            return "events out (raw events stored) " + raw + ", rejected " + rejected + ", KPI cells " + cells;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(url + " answered " + r.statusCode());
        return JSON.readTree(r.body());
    }

    private interface Probe {
        String run() throws Exception;
    }

    private static String attempt(Probe probe) {
        try {
            return probe.run();
        } catch (Exception e) {
            return "unavailable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    private static void line(String what, String text) {
        System.out.printf("%-11s %s%n", what, text);
    }
}
