package cn.binjiang.union.jobs.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Flink's REST API, as the platform's commands ask it about their jobs: a local MiniCluster's or a session cluster's,
 * which answer alike.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param base e.g. {@code http://localhost:8081} */
    public FlinkRest(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return answer(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT), path);
    }

    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return answer(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                path);
    }

    /**
     * The job named {@code name}: a session cluster runs several and keeps the finished runs of each, so the one
     * running, else the newest.
     */
    public Optional<JsonNode> job(String name) throws IOException, InterruptedException {
        JsonNode best = null;
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            if (!job.path("name").asText().equals(name)) continue;
            if (best == null
                    || running(job) && !running(best)
                    || running(job) == running(best)
                            && job.path("start-time").asLong()
                                    > best.path("start-time").asLong()) {
                best = job;
            }
        }
        return Optional.ofNullable(best);
    }

    public static boolean running(JsonNode job) {
        return job.path("state").asText().equals("RUNNING");
    }

    private JsonNode answer(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
            throw new IOException(base + path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
