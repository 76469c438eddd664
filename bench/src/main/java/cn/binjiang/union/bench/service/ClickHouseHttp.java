package cn.binjiang.union.bench.service;

import cn.binjiang.union.bench.BenchOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Raw-byte requests to ClickHouse's HTTP interface, for what the benchmark sends or reads as
 * RowBinary files (the JDBC driver would encode or decode every row in between).
 */
public final class ClickHouseHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String database;

    public ClickHouseHttp(BenchOptions options, String database) {
        this(options.httpUrl(), database);
    }

    /** @param url the server's HTTP address, e.g. {@code http://127.0.0.1:8123} */
    public ClickHouseHttp(String url, String database) {
        this.url = url;
        this.database = database;
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
        HttpResponse<T> answer = http.send(
                HttpRequest.newBuilder(URI.create(url + "/?database=" + database + "&query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .POST(body)
                        .build(),
                handler);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(
                    "ClickHouse answered " + answer.statusCode() + " to " + query + ": " + answer.body());
        }
        return answer;
    }
}
