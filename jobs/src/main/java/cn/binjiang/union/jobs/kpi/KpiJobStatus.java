package cn.binjiang.union.jobs.kpi;

import cn.binjiang.union.jobs.wiring.FlinkRest;
import cn.binjiang.union.operations.accounting.JobProgress;
import cn.binjiang.union.operations.accounting.JobProgressProbe;
import cn.binjiang.union.operations.accounting.PartitionOffsets;
import cn.binjiang.union.operations.accounting.StreamAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code KpiJobStatus FLINK_REST KAFKA GROUP CLICKHOUSE_JDBC [TOPIC_PREFIX]}: what an operator asks of
 * a running KPI job, from the three places that know: Flink (state, last checkpoint, each partition's
 * watermark), Kafka (the group's committed offset and lag per partition) and ClickHouse (what landed,
 * duplicates, rejections), then whether the job has caught up ({@link JobProgress#caughtUp()}, the
 * test {@code ./platform generate --wait} uses too). Each part says "unavailable" rather than failing
 * when its service does not answer.
 */
public final class KpiJobStatus {
    /**
     * Flink 2.2's Kafka source reports a watermark per split (one split = one partition), e.g.
     * {@code 0.Source__intake.split.enrollment-3.watermark.currentWatermark}: the finest there is.
     */
    private static final Pattern SPLIT_WATERMARK =
            Pattern.compile("\\d+\\.Source__[^.]+\\.split\\.(.+-\\d+)\\.watermark\\.currentWatermark");

    private KpiJobStatus() {}

    public static void main(String[] args) {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: KpiJobStatus FLINK_REST KAFKA GROUP CLICKHOUSE_JDBC [TOPIC_PREFIX]");
            System.exit(2);
        }
        FlinkRest flink = new FlinkRest(args[0]);
        String group = args[2];
        line("flink job", attempt(() -> flink(flink)));
        Map<String, Long> watermarks = new HashMap<>();
        String watermarkSource = attempt(() -> splitWatermarks(flink, watermarks));
        String topicPrefix = args.length == 5 ? args[4] : "";
        JobProgressProbe.ClickHouse clickhouse = JobProgressProbe.clickhouseFromEnvironment(args[3]);
        try (JobProgressProbe probe = new JobProgressProbe(args[1], group, topicPrefix, clickhouse)) {
            line("clickhouse", attempt(() -> String.format("KPI cells %,d", kpiCells(clickhouse))));
            List<PartitionOffsets> offsets = new ArrayList<>();
            String kafka = attempt(() -> {
                offsets.addAll(probe.offsets());
                return String.format(
                        "group %s: consumed %,d records, lag %,d",
                        group,
                        offsets.stream().mapToLong(PartitionOffsets::consumed).sum(),
                        offsets.stream().mapToLong(PartitionOffsets::lag).sum());
            });
            line("kafka", kafka);
            if (!offsets.isEmpty()) printPartitions(offsets, watermarks, watermarkSource);
            Map<String, JobProgress.Stored> stored = new HashMap<>();
            String accounting = attempt(() -> {
                stored.putAll(probe.stored());
                return "per stream, records consumed = accepted (<stream>_events) + duplicates (duplicate_events) + rejected (rejected_events), FINAL counts";
            });
            line("accounting", accounting);
            if (offsets.isEmpty() || stored.isEmpty()) {
                line("progress", "unknown: Kafka or ClickHouse did not answer");
                return;
            }
            JobProgress progress = JobProgress.of(topicPrefix, offsets, stored);
            printAccounts(progress.streams());
            line(
                    "progress",
                    progress.caughtUp()
                            ? String.format(
                                    "caught up: every one of the %,d records consumed is in ClickHouse, lag 0",
                                    progress.consumed())
                            : "behind: " + progress.shortfall());
        }
    }

    private static String flink(FlinkRest rest) throws IOException, InterruptedException {
        JsonNode job = rest.job(KpiJobMain.JOB_NAME).orElse(null);
        if (job == null) return "no job";
        String id = job.path("jid").asText();
        JsonNode latest =
                rest.get("/jobs/" + id + "/checkpoints").path("latest").path("completed");
        String checkpoint = latest.isMissingNode() || latest.isNull()
                ? "no checkpoint yet"
                : "last checkpoint #" + latest.path("id").asLong() + " at "
                        + Instant.ofEpochMilli(
                                latest.path("latest_ack_timestamp").asLong());
        return job.path("name").asText() + " " + job.path("state").asText() + ", up "
                + Duration.ofMillis(job.path("duration").asLong()).toSeconds() + " s, " + checkpoint;
    }

    /** Fills {@code into} with each split's ("topic-partition") watermark; says where they came from. */
    private static String splitWatermarks(FlinkRest rest, Map<String, Long> into)
            throws IOException, InterruptedException {
        JsonNode job = rest.job(KpiJobMain.JOB_NAME).orElse(null);
        if (job == null) return "no job on " + rest.base();
        String jobUrl = "/jobs/" + job.path("jid").asText();
        for (JsonNode vertex : rest.get(jobUrl).path("vertices")) {
            if (!vertex.path("name").asText().startsWith("Source: ")) continue;
            String vertexUrl = jobUrl + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : rest.get(vertexUrl)) {
                if (SPLIT_WATERMARK.matcher(metric.path("id").asText()).matches())
                    ids.add(metric.path("id").asText());
            }
            if (ids.isEmpty()) return "Flink reports no split watermarks yet";
            for (JsonNode metric :
                    rest.get(vertexUrl + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
                Matcher m = SPLIT_WATERMARK.matcher(metric.path("id").asText());
                if (m.matches()) into.put(m.group(1), metric.path("value").asLong());
            }
            return "per Kafka split (= partition), Flink metric <subtask>.Source__<name>.split.<topic>-<partition>.watermark.currentWatermark";
        }
        return "the job has no source vertex";
    }

    private static void printPartitions(
            List<PartitionOffsets> offsets, Map<String, Long> watermarks, String watermarkSource) {
        line("partitions", "committed offset and lag of the group; watermark: " + watermarkSource);
        System.out.printf(
                "  %-12s %9s %12s %12s %12s %10s  %s%n",
                "topic", "partition", "earliest", "committed", "end", "lag", "watermark");
        for (PartitionOffsets p : offsets) {
            Long watermark = watermarks.get(p.topic() + "-" + p.partition());
            String shown = watermark == null
                    ? "-"
                    : watermark < 0
                            ? "none yet"
                            : Instant.ofEpochMilli(watermark).toString();
            System.out.printf(
                    "  %-12s %9d %,12d %,12d %,12d %,10d  %s%n",
                    p.topic(), p.partition(), p.earliest(), p.committed(), p.end(), p.lag(), shown);
        }
    }

    private static void printAccounts(List<StreamAccount> streams) {
        System.out.printf(
                "  %-12s %12s %12s %12s %12s %12s%n",
                "stream", "consumed", "accepted", "duplicates", "rejected", "unaccounted");
        for (StreamAccount s : streams) {
            System.out.printf(
                    "  %-12s %,12d %,12d %,12d %,12d %,12d%n",
                    s.stream(), s.consumed(), s.accepted(), s.duplicates(), s.rejected(), s.consumed() - s.accounted());
        }
    }

    private static long kpiCells(JobProgressProbe.ClickHouse clickhouse) throws SQLException {
        try (Connection c = clickhouse.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count() FROM kpi_latest")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface Probe {
        String run() throws Exception;
    }

    private static String attempt(Probe probe) {
        try {
            return probe.run();
        } catch (Exception e) {
            return "unavailable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
    }

    private static void line(String what, String text) {
        System.out.printf("%-11s %s%n", what, text);
    }
}
