package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.wiring.FlinkRest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;

/**
 * Stops a running job with a savepoint (Flink's stop, without draining: the event-time timers must not all fire),
 * through the REST API a MiniCluster and a session cluster both serve.
 *
 * <p>A rebuild needs the stop, not a checkpoint: when it returns, every sink has flushed what the state counted and
 * the job counts nothing more, so the raw tables hold exactly the events in the savepoint's KPI state.
 */
final class SavepointStop {
    private static final Duration POLL = Duration.ofMillis(500);

    private SavepointStop() {}

    /**
     * @return the savepoint's path
     * @throws IllegalStateException if no job of that name is running, or the stop failed (the job then keeps
     *     running)
     */
    static String stop(FlinkRest flink, String jobName, String targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        JsonNode job = flink.job(jobName)
                .filter(FlinkRest::running)
                .orElseThrow(() -> new IllegalStateException("no job " + jobName + " is running on " + flink.base()));
        String jobPath = "/jobs/" + job.path("jid").asText();
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("targetDirectory", targetDirectory);
        request.put("drain", false);
        String trigger =
                flink.post(jobPath + "/stop", request).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode answer = flink.get(jobPath + "/savepoints/" + trigger);
            if (answer.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = answer.path("operation");
                if (operation.has("location")) return operation.path("location").asText();
                throw new IllegalStateException("stopping " + jobName + " with a savepoint failed: "
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
        throw new IllegalStateException(
                "stopping " + jobName + " with a savepoint did not finish within " + timeout.toSeconds() + " s");
    }
}
