package cn.binjiang.union.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the load test's clients: an HTTP/1.1 connection of its own, kept alive, as a driver or a
 * dashboard server holds one, sending one request at a time until the deadline, each of a kind picked
 * at random. Every answer is checked against what is known to be stored: a point query must find its
 * row, an aggregation must count at least the rows acknowledged before it was sent.
 */
final class LoadClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    /** After a request that got no answer at all, so a server that is gone is not hammered by every client at once. */
    private static final long PAUSE_AFTER_IO_ERROR_MS = 100;

    static final String POINT_QUERY = "SELECT id, client, category, amount FROM " + LoadRows.TABLE
            + " WHERE id = {id:UInt64} FORMAT TabSeparated";
    static final String AGGREGATION = "SELECT category, count(), sum(amount), max(at) FROM " + LoadRows.TABLE
            + " GROUP BY category ORDER BY category FORMAT TabSeparated";
    private static final String INSERT = "INSERT INTO " + LoadRows.TABLE + " FORMAT RowBinary";

    private final String url;
    private final LoadLedger ledger;
    private final Map<LoadKind, LoadStats> stats;
    private final AtomicLong rowsAcknowledged;
    private final SplittableRandom random;
    // One client per connection: the JDK client would otherwise share its pooled connections between clients.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** @param rowsAcknowledged rows of all clients' acknowledged inserts: what an aggregation must count at least */
    LoadClient(String url, int client, Map<LoadKind, LoadStats> stats, AtomicLong rowsAcknowledged, long seed) {
        this.url = url;
        this.ledger = new LoadLedger(client);
        this.stats = stats;
        this.rowsAcknowledged = rowsAcknowledged;
        this.random = new SplittableRandom(seed);
    }

    LoadLedger ledger() {
        return ledger;
    }

    /**
     * Sends requests until {@code deadlineNanos} ({@link System#nanoTime()}); the last one sent is answered before it
     * returns.
     */
    void run(long deadlineNanos) throws InterruptedException {
        try {
            while (System.nanoTime() < deadlineNanos) {
                // A point query needs a row this client knows is stored.
                LoadKind kind = ledger.isEmpty() ? LoadKind.INSERT : LoadKind.pick(random);
                try {
                    switch (kind) {
                        case INSERT -> insert();
                        case POINT_QUERY -> pointQuery();
                        case AGGREGATION -> aggregation();
                    }
                } catch (IOException e) {
                    stats.get(kind).failed("no answer: " + e);
                    Thread.sleep(PAUSE_AFTER_IO_ERROR_MS);
                }
            }
        } finally {
            http.close();
        }
    }

    private void insert() throws IOException, InterruptedException {
        int batch = ledger.nextBatch();
        byte[] body = LoadRows.batch(ledger.client(), batch, System.currentTimeMillis() / 1000);
        long started = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = send(INSERT, "", HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IOException e) {
            ledger.failed(batch);
            throw e;
        }
        long nanos = System.nanoTime() - started;
        if (answer.statusCode() == 200) {
            ledger.acknowledged(batch);
            rowsAcknowledged.addAndGet(LoadRows.BATCH_ROWS);
            stats.get(LoadKind.INSERT).answered(nanos);
        } else {
            ledger.failed(batch);
            stats.get(LoadKind.INSERT).failed(error(answer));
        }
    }

    private void pointQuery() throws IOException, InterruptedException {
        long id = ledger.anyAcknowledgedId(random);
        long started = System.nanoTime();
        HttpResponse<String> answer = send(POINT_QUERY, "&param_id=" + id, HttpRequest.BodyPublishers.noBody());
        long nanos = System.nanoTime() - started;
        LoadStats kind = stats.get(LoadKind.POINT_QUERY);
        if (answer.statusCode() != 200) {
            kind.failed(error(answer));
            return;
        }
        String expected =
                id + "\t" + ledger.client() + "\t" + LoadRows.categoryOf(id) + "\t" + LoadRows.amountOf(id) + "\n";
        if (answer.body().equals(expected)) {
            kind.answered(nanos);
        } else {
            kind.wrong(
                    nanos,
                    "id " + id + " answered '" + answer.body().strip() + "', expected '" + expected.strip() + "'");
        }
    }

    private void aggregation() throws IOException, InterruptedException {
        long atLeast = rowsAcknowledged.get();
        long started = System.nanoTime();
        HttpResponse<String> answer = send(AGGREGATION, "", HttpRequest.BodyPublishers.noBody());
        long nanos = System.nanoTime() - started;
        LoadStats kind = stats.get(LoadKind.AGGREGATION);
        if (answer.statusCode() != 200) {
            kind.failed(error(answer));
            return;
        }
        long counted;
        try {
            counted = answer.body()
                    .lines()
                    .mapToLong(line -> Long.parseLong(line.split("\t")[1]))
                    .sum();
        } catch (RuntimeException e) {
            kind.wrong(nanos, "unreadable answer '" + answer.body().strip() + "': " + e);
            return;
        }
        if (counted >= atLeast) {
            kind.answered(nanos);
        } else {
            kind.wrong(
                    nanos, "counted " + counted + " rows, " + atLeast + " were acknowledged before the query was sent");
        }
    }

    private HttpResponse<String> send(String query, String parameters, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        URI uri = URI.create(url + "/?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + parameters);
        return http.send(
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> answer) {
        return answer.statusCode() + " "
                + answer.headers()
                        .firstValue("X-ClickHouse-Exception-Code")
                        .map(c -> "(code " + c + ") ")
                        .orElse("") + answer.body().strip();
    }
}
