package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The KPI job on real clusters as ./platform cluster up starts them: a Flink session cluster (a
 * JobManager and two TaskManagers, each its own process, the job submitted by Flink's CLI) and three
 * Kafka nodes (every topic with three replicas, two in sync for a write). Each test breaks something
 * while a quarter of a year's events arrive through Kafka and then compares every KPI cell with the
 * generator's ground truth of everything sent so far: the tests run in order on one cluster, and each
 * starts where the one before left the job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    /** A quarter of a year a test: about 15 s of the job's work on two cores shared with the cluster. */
    private static final int EVENTS_PER_MONTH = 30_000;

    private static final long SEED = 2023;
    private static final int TASK_MANAGERS = 2;
    private static final String JOB_NAME = "union-kpi";
    private static final Duration READ_WITHIN = Duration.ofMinutes(5);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static KpiStore store;
    private static SentEvents sent;

    @BeforeAll
    static void theClusterWithTheKpiJobOnIt() throws Exception {
        stack = LocalStack.forCluster(TASK_MANAGERS);
        stack.ok("cluster", "up");
        store = new KpiStore(stack.clickhouseJdbcUrl());
        sent = new SentEvents(SEED);
        assertThat(stack.ok("job", "start")).contains("running on the cluster");
        assertThat(runningJob().parallelism()).as("the job's parallelism").isEqualTo(2);
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) stack.platform("cluster", "down");
    }

    @Test
    @Order(1)
    void aTaskManagerKilledMidStreamIsReplacedAndEveryCellEqualsTheGroundTruth() throws Exception {
        long restarts = restarts();
        CompletableFuture<Void> sending = sendQuarter(1);
        awaitWritingPartOfIt();
        stack.sigkill(taskManagerRunningTheSource(), "TaskManagerRunner");
        sending.get(5, TimeUnit.MINUTES);
        assertThat(stack.ok("cluster", "up")).contains("flink: " + TASK_MANAGERS + " TaskManagers registered");
        awaitEverythingSentCounted();
        // The JobManager's REST serves metrics from a store it refreshes every few seconds, so the count of
        // restarts may trail the restart itself.
        await("the job restarted from its checkpoint after losing its TaskManager")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> restarts() > restarts);
    }

    @Test
    @Order(2)
    void aBrokerKilledMidStreamLosesNothingCountsNothingTwiceAndTheJobNeverStops() throws Exception {
        String job = runningJob().id();
        long restarts = restarts();
        CompletableFuture<Void> sending = sendQuarter(2);
        awaitWritingPartOfIt();
        stack.sigkill("kafka-2", "kafka.Kafka");
        Thread.sleep(15_000);
        stack.ok("cluster", "up");
        sending.get(5, TimeUnit.MINUTES);
        awaitEverythingSentCounted();
        assertThat(runningJob().id()).as("the same job runs").isEqualTo(job);
        assertThat(restarts()).as("the job's restarts").isEqualTo(restarts);
    }

    @Test
    @Order(3)
    void aSavepointStopAndResumeWithAnotherParallelismKeepsTheTotalsExact() throws Exception {
        for (int[] step : new int[][] {{3, 3}, {1, 4}}) {
            int parallelism = step[0];
            assertThat(stack.ok("job", "stop")).contains("stopped with savepoint");
            assertThat(stack.ok("job", "start", "--parallelism", String.valueOf(parallelism)))
                    .contains("resuming from")
                    .contains("savepoint-");
            assertThat(runningJob().parallelism()).as("the job's parallelism").isEqualTo(parallelism);
            sendQuarter(step[1]).get(5, TimeUnit.MINUTES);
            awaitEverythingSentCounted();
        }
    }

    @Test
    @Order(4)
    void everyProcessOfTheClusterReportsItsFiguresToPrometheus() throws Exception {
        int first = Integer.parseInt(stack.env("FLINK_METRICS_PORT"));
        StringBuilder scrapes = new StringBuilder();
        for (int port = first; port <= first + TASK_MANAGERS; port++) {
            scrapes.append(HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        assertThat(scrapes.toString())
                .as("the JobManager's and the TaskManagers' scrapes")
                .contains("flink_jobmanager_job_numberOfCompletedCheckpoints{")
                .contains("flink_jobmanager_job_lastCheckpointDuration{")
                .contains("flink_taskmanager_job_task_operator_pendingRecords{")
                .contains("flink_taskmanager_job_task_operator_reason_eventsRejected{")
                .contains("flink_taskmanager_job_task_operator_eventsDuplicated{")
                .contains("flink_taskmanager_job_task_operator_rowsWritten{");
    }

    /** The events of one quarter of 2022, sent from another thread while the test breaks something. */
    private static CompletableFuture<Void> sendQuarter(int quarter) {
        YearMonth first = YearMonth.of(2022, 3 * quarter - 2);
        return CompletableFuture.runAsync(
                () -> sent.send(stack.kafkaBootstrap(), first, first.plusMonths(2), EVENTS_PER_MONTH));
    }

    /** Waits until the job has stored some of what is being sent, and not all of it yet: mid-stream. */
    private static void awaitWritingPartOfIt() throws SQLException {
        long before = distinctRawEvents();
        await("the job writing")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> distinctRawEvents() > before);
        assertThat(distinctRawEvents()).as("stored before the blow").isLessThan(before + 3L * EVENTS_PER_MONTH);
    }

    private static void awaitEverythingSentCounted() throws Exception {
        store.awaitRead(stack.kafkaBootstrap(), sent, READ_WITHIN);
        store.awaitSettled();
        store.assertExactlyWhatWasSent(sent);
    }

    private static long distinctRawEvents() throws SQLException {
        return store.count(
                "SELECT (SELECT count(DISTINCT event_id) FROM enrollment_events) + (SELECT count(DISTINCT event_id) FROM training_events)"
                        + " + (SELECT count(DISTINCT event_id) FROM competition_events) + (SELECT count(DISTINCT event_id) FROM aid_events)"
                        + " + (SELECT count(DISTINCT event_id) FROM legal_events)");
    }

    /**
     * The service name of a TaskManager that runs the job's source: the scheduler may put every task on one
     * of the two, and the other's death would cost the job nothing. ./platform names each TaskManager's
     * resource id after its service (taskmanager-N, flink-taskmanager-N).
     */
    private static String taskManagerRunningTheSource() throws Exception {
        String job = runningJob().id();
        for (JsonNode vertex : rest("/jobs/" + job).path("vertices")) {
            if (!vertex.path("name").asText().startsWith("Source: intake")) continue;
            String resource = rest("/jobs/" + job + "/vertices/"
                            + vertex.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers")
                    .path(0)
                    .path("taskmanager-id")
                    .asText();
            assertThat(resource).as("the TaskManager of the source").matches("taskmanager-\\d+");
            return "flink-" + resource;
        }
        throw new AssertionError("the job has no vertex 'Source: intake'");
    }

    /** The running KPI job: its id and the highest parallelism of its operators. */
    private record Job(String id, int parallelism) {}

    /** The KPI job as the cluster's REST API describes it, once it runs. */
    private static Job runningJob() throws Exception {
        String[] id = new String[1];
        await("the KPI job running on the cluster")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (JsonNode job : rest("/jobs/overview").path("jobs")) {
                        if (job.path("name").asText().equals(JOB_NAME)
                                && job.path("state").asText().equals("RUNNING")) {
                            id[0] = job.path("jid").asText();
                            return true;
                        }
                    }
                    return false;
                });
        int parallelism = 0;
        for (JsonNode vertex : rest("/jobs/" + id[0]).path("vertices"))
            parallelism = Math.max(parallelism, vertex.path("parallelism").asInt());
        return new Job(id[0], parallelism);
    }

    /**
     * How often the running KPI job restarted from a checkpoint (Flink's numRestarts). The REST API answers an
     * empty list until its metric store has fetched the job's metrics: that is waited for, never read as 0.
     */
    private static long restarts() throws Exception {
        String job = runningJob().id();
        JsonNode[] metric = new JsonNode[1];
        await("the job's numRestarts metric")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> (metric[0] = rest("/jobs/" + job + "/metrics?get=numRestarts")
                                .path(0))
                        .has("value"));
        return metric[0].path("value").asLong();
    }

    private static JsonNode rest(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + stack.flinkRestPort + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
