package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and restart on the same data directory while a writer inserts: every batch acknowledged with 200
 * survives, exactly once, and every shutdown is clean (exit 0).
 */
class RestartUnderLoadIT {
    private static final int CYCLES = 20;
    private static final int ROWS_PER_BATCH = 200;

    @TempDir
    Path dir;

    private volatile String url;

    @Test
    void acknowledgedBatchesSurviveTwentyStopStartCycles() throws Exception {
        Path data = dir.resolve("data");
        EmbeddedClickHouseProcess server =
                EmbeddedClickHouseProcess.builder(data).maxHeap("256m").start();
        url = server.httpUrl();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThat(send(
                                http,
                                "CREATE TABLE batches (batch UInt32, i UInt32) ENGINE = MergeTree ORDER BY (batch, i)",
                                "")
                        .statusCode())
                .isEqualTo(200);

        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int batch = 1; running.get(); batch++) {
                StringBuilder csv = new StringBuilder();
                for (int i = 0; i < ROWS_PER_BATCH; i++) {
                    csv.append(batch).append(',').append(i).append('\n');
                }
                try {
                    if (send(http, "INSERT INTO batches FORMAT CSV", csv.toString())
                                    .statusCode()
                            == 200) {
                        acknowledged.add(batch);
                    }
                } catch (Exception e) {
                    // server restarting: this batch is not acknowledged, the next one gets a new number
                    sleep(20);
                }
            }
        });

        int lastAcknowledged = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            sleep(300);
            assertThat(server.stop())
                    .as("exit code of clean shutdown #%d:\n%s", cycle + 1, server.output())
                    .isZero();
            server = EmbeddedClickHouseProcess.builder(data).maxHeap("256m").start();
            url = server.httpUrl();
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(lastAcknowledged);
            lastAcknowledged = acknowledged.size();
        }
        sleep(300);
        running.set(false);
        writer.join();

        Map<Integer, Integer> stored = new HashMap<>();
        String counts = send(http, "SELECT batch, count() FROM batches GROUP BY batch", "")
                .body();
        for (String line : counts.split("\n")) {
            if (!line.isEmpty()) {
                String[] f = line.split("\t");
                stored.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            }
        }
        assertThat(server.stop()).isZero();
        assertThat(acknowledged).hasSizeGreaterThan(CYCLES);
        for (int batch : acknowledged) {
            assertThat(stored.get(batch))
                    .as("rows of acknowledged batch %d", batch)
                    .isEqualTo(ROWS_PER_BATCH);
        }
        // Unacknowledged batches may have landed (reply lost), but never partly or twice.
        assertThat(stored.values()).allMatch(n -> n == ROWS_PER_BATCH);
    }

    private HttpResponse<String> send(HttpClient http, String query, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(url + "/?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
