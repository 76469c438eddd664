package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.wiring.FlinkRest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;

/**
 * The KPI job found by name through Flink's REST API, which a MiniCluster ({@code ./platform job start}) and a session
 * cluster both serve.
 */
final class RestRunningJob implements RunningJob {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final FlinkRest flink;
    private final String jobName;

    RestRunningJob(FlinkRest flink, String jobName) {
        this.flink = flink;
        this.jobName = jobName;
    }

    /** @throws IOException if the savepoint failed or took too long (the job runs on) */
    @Override
    public String savepoint(String directory) throws IOException, InterruptedException {
        JsonNode job = flink.job(jobName)
                .filter(FlinkRest::running)
                .orElseThrow(() -> new NotRunning("no job " + jobName + " is running on " + flink.base()));
        String jobPath = "/jobs/" + job.path("jid").asText();
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("target-directory", directory);
        request.put("cancel-job", false);
        String trigger =
                flink.post(jobPath + "/savepoints", request).path("request-id").asText();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode answer = flink.get(jobPath + "/savepoints/" + trigger);
            if (answer.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = answer.path("operation");
                if (operation.has("location")) return operation.path("location").asText();
                throw new IOException("a savepoint of " + jobName + " failed: "
                        + operation
                                .path("failure-cause")
                                .path("stack-trace")
                                .asText("(no cause given)")
                                .lines()
                                .findFirst()
                                .orElse(""));
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException("a savepoint of " + jobName + " did not finish within " + TIMEOUT.toSeconds() + " s");
    }
}
