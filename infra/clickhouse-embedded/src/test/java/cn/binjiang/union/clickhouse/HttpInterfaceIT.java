package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Details of the HTTP interface that clients read: framing, headers and bodies as a ClickHouse server sends and takes
 * them.
 */
class HttpInterfaceIT {
    @TempDir
    static Path dir;

    static EmbeddedClickHouseProcess server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .maxHeap("256m")
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void theTimezoneHeaderFollowsTheStatementsOwnSettings() throws Exception {
        HttpResponse<String> clause = post(
                "/",
                "SELECT toHour(toDateTime('2026-01-01 00:00:00', 'UTC')) SETTINGS session_timezone = 'America/Los_Angeles'");
        assertThat(clause.headers().firstValue("X-ClickHouse-Timezone")).contains("America/Los_Angeles");
        HttpResponse<String> url = post("/?session_timezone=Asia/Shanghai", "SELECT 1");
        assertThat(url.headers().firstValue("X-ClickHouse-Timezone")).contains("Asia/Shanghai");
        // the clause wins over the URL, as it does for the statement itself
        HttpResponse<String> both = post(
                "/?session_timezone=Asia/Shanghai", "SELECT timezone() SETTINGS session_timezone = 'Europe/Berlin'");
        assertThat(both.headers().firstValue("X-ClickHouse-Timezone")).contains("Europe/Berlin");
        assertThat(both.body()).isEqualTo("Europe/Berlin\n");
    }

    @Test
    void answersAreChunkedShortOnesIncludedAndErrorsCarryTheirLength() throws Exception {
        // kept alive, as clients keep their connections: on a closing connection the end of the body is the close
        RawHttp.Answer ok = RawHttp.send(server.port(), raw("SELECT 1"), false, Duration.ofSeconds(10));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(ok.header("Content-Length")).isNull();
        assertThat(ok.bodyStart()).isEqualTo("1\n");
        RawHttp.Answer error = RawHttp.send(server.port(), raw("SELECT nope"), false, Duration.ofSeconds(10));
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.header("X-ClickHouse-Exception-Code")).isEqualTo("47");
        assertThat(Integer.parseInt(error.header("Content-Length")))
                .isEqualTo(error.bodyStart().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void multipartFormFieldsAreParametersAndFilePartsAreRefusedByName() throws Exception {
        String boundary = "----chboundary";
        String form = field(boundary, "query", "SELECT {n:UInt8} + 1, getSetting('max_threads')")
                + field(boundary, "param_n", "41") + field(boundary, "max_threads", "3") + "--" + boundary + "--\r\n";
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + "/"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("42\t3\n");

        String withFile = field(boundary, "query", "SELECT count() FROM ext") + "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"ext\";" + " filename=\"ext.tsv\"\r\n\r\n1\n2\n\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?ext_structure=x+UInt8"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(withFile))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(501);
        assertThat(refused.headers().firstValue("X-ClickHouse-Exception-Code")).contains("48");
        assertThat(refused.body()).contains("'ext'").contains("External data");
    }

    @Test
    void aBadEscapeInTheUrlIsAClickHouseError() throws Exception {
        RawHttp.Answer answer = RawHttp.send(
                server.port(),
                "GET /?query=SELECT+1%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                true,
                Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(Integer.toString(ClickHouseException.HTTP_PROTOCOL));
    }

    private static String field(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static byte[] raw(String sql) {
        return ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + sql.length() + "\r\n\r\n" + sql)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static HttpResponse<String> post(String pathAndQuery, String sql) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + pathAndQuery))
                        .POST(HttpRequest.BodyPublishers.ofString(sql))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
