package cn.binjiang.union.operations.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Raw-byte requests to ClickHouse's HTTP interface, for what is sent or read as files of ClickHouse's own formats
 * (RowBinary, Native: the JDBC driver would encode or decode every row in between): the benchmark's batches and
 * the backups.
 */
public final class ClickHouseHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String database;
    private final String authorization;

    /** As ClickHouse's {@code default} user without a password. */
    public ClickHouseHttp(String url, String database) {
        this(url, database, "default", "");
    }

    /** @param url the server's HTTP address, e.g. {@code http://127.0.0.1:8123} */
    public ClickHouseHttp(String url, String database, String user, String password) {
        this.url = url;
        this.database = database;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code query} with {@code body} as its data; fails with ClickHouse's answer unless it is 200. */
    public <T> T send(String query, HttpRequest.BodyPublisher body, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return exchange(query, body, handler).body();
    }

    /** As {@link #send}, with the answer's headers. */
    public <T> HttpResponse<T> exchange(
            String query, HttpRequest.BodyPublisher body, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<T> answer = request(query, body, handler);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(
                    "ClickHouse answered " + answer.statusCode() + " to " + query + ": " + answer.body());
        }
        return answer;
    }

    /**
     * Sends {@code query} and returns the answer whatever its status: for an answer written to a file, where the error
     * is in the file.
     */
    public <T> HttpResponse<T> request(
            String query, HttpRequest.BodyPublisher body, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create(url + "/?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                                        + "&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .header("Authorization", authorization)
                        .POST(body)
                        .build(),
                handler);
    }
}
