package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and hostile clients against the server's limits (the module README's "Limits"): connections that send
 * nothing or trickle their request, a TLS handshake on the plain port, heads over the size limit, a body below the
 * minimum rate, and more connections than the server takes.
 *
 * <p>Where a bound in time is asserted, it tells a served request from a starved one, which would wait for the
 * receive timeout (30 s) or for ever: it is not a speed figure.
 */
class HostileClientsIT {
    private static final Duration NOT_STARVED = Duration.ofSeconds(1);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void fiveHundredSlowClientsLeavePingAndQueriesTheirThreads() throws Exception {
        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                        .maxHeap("256m")
                        .start();
                ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor()) {
            assertThat(query(server, "SELECT count() FROM numbers(1000)")).isEqualTo("1000\n");
            long rssBefore = residentKiB(server.pid());
            List<Socket> slow = new ArrayList<>();
            List<Socket> trickling = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    // half send a request line without its end and wait; half trickle a header a byte at a time
                    (i % 2 == 0 ? slow : trickling).add(s);
                    s.getOutputStream()
                            .write((i % 2 == 0 ? "GET /ping" : "POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                                    .getBytes(StandardCharsets.US_ASCII));
                }
                trickle.scheduleAtFixedRate(
                        () -> trickling.forEach(s -> writeQuietly(s, "a")), 100, 200, TimeUnit.MILLISECONDS);
                for (int i = 0; i < 10; i++) {
                    assertThat(get(server, "/ping")).isEqualTo("Ok.\n");
                    assertThat(query(server, "SELECT sum(number) FROM numbers(1000)"))
                            .isEqualTo("499500\n");
                }
                long rssWith = residentKiB(server.pid());
                // a request thread's stack alone is 1 MiB of reserve: 500 parked threads would show here
                assertThat(rssWith - rssBefore)
                        .as("resident KiB grown by 500 slow connections")
                        .isLessThan(64 * 1024);
            } finally {
                trickle.shutdownNow();
                for (Socket s : slow) {
                    s.close();
                }
                for (Socket s : trickling) {
                    s.close();
                }
            }
            assertThat(query(server, "SELECT 1")).isEqualTo("1\n");
        }
    }

    @Test
    void aTlsHandshakeOnThePlainPortIsRefusedAtOnce() throws Exception {
        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .maxHeap("256m")
                .start()) {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                socket.setSoTimeout((int) NOT_STARVED.toMillis());
                // a server that waited for the rest of a request line would let this read time out instead
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
            }
        }
    }

    @Test
    void aStalledRequestIsClosedAfterTheReceiveTimeoutAndATrickledBodyIsCutOff() throws Exception {
        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .maxHeap("256m")
                .receiveTimeout(Duration.ofSeconds(2))
                .start()) {
            RawHttp.Answer stalled = RawHttp.send(
                    server.port(), "GET /pi".getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(15));
            assertThat(stalled.status())
                    .as("a stalled head is closed, answered at most with 408")
                    .isIn(-1, 408);

            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(15_000);
                OutputStream out = s.getOutputStream();
                out.write(
                        ("POST /?query=INSERT+INTO+FUNCTION+null('x+String')+FORMAT+TSV HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                RawHttp.Answer answer = null;
                // 16 bytes every 200 ms is 80 bytes/s, under the minimum body rate (1 KiB/s)
                for (int i = 0; i < 50 && answer == null; i++) {
                    try {
                        out.write("aaaaaaaaaaaaaaa\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(200);
                    } catch (IOException cutOff) {
                        answer = RawHttp.read(s.getInputStream());
                    }
                }
                if (answer == null) {
                    answer = RawHttp.read(s.getInputStream());
                }
                assertThat(answer.status()).as("a body below the minimum rate").isBetween(400, 599);
                assertThat(answer.errorCode()).isEqualTo(Integer.toString(ClickHouseException.HTTP_PROTOCOL));
            }
            assertThat(query(server, "SELECT 2")).isEqualTo("2\n");
        }
    }

    @Test
    void headsOverTheLimitAreRefusedWithAClickHouseError() throws Exception {
        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .maxHeap("256m")
                .start()) {
            String longUrl = "GET /?query=SELECT+" + "1".repeat(HttpListeners.MAX_REQUEST_HEAD_BYTES)
                    + " HTTP/1.1\r\nHost: x\r\n\r\n";
            RawHttp.Answer url = RawHttp.send(
                    server.port(), longUrl.getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(10));
            assertThat(url.status()).isIn(414, 431);
            assertThat(url.errorCode()).isEqualTo(Integer.toString(ClickHouseException.HTTP_PROTOCOL));
            String longHeader = "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "b".repeat(HttpListeners.MAX_REQUEST_HEAD_BYTES) + "\r\n\r\n";
            RawHttp.Answer header = RawHttp.send(
                    server.port(), longHeader.getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(10));
            assertThat(header.status()).isEqualTo(431);
            assertThat(header.errorCode()).isEqualTo(Integer.toString(ClickHouseException.HTTP_PROTOCOL));
            // under the limit a head is served: SQL in the URL (within ClickHouse's max_query_size) and a large header
            String sql = "SELECT+length(%27" + "x".repeat(200_000) + "%27)";
            String underLimit =
                    "GET /?query=" + sql + " HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(700_000) + "\r\n\r\n";
            RawHttp.Answer served = RawHttp.send(
                    server.port(), underLimit.getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(30));
            assertThat(served.status()).as(served.bodyStart()).isEqualTo(200);
            assertThat(served.bodyStart()).isEqualTo("200000\n");
        }
    }

    @Test
    void connectionsBeyondTheMaximumWaitUntilOneIsFree() throws Exception {
        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .maxHeap("256m")
                .maxConnections(20)
                .start()) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.getOutputStream().write("GET /ping".getBytes(StandardCharsets.US_ASCII));
                    idle.add(s);
                }
                Thread.sleep(500);
                HttpRequest ping = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ping"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
                assertThatThrownBy(() -> HTTP.send(ping, HttpResponse.BodyHandlers.ofString()))
                        .as("the 21st connection waits in the backlog")
                        .isInstanceOf(HttpTimeoutException.class);
                for (Socket s : idle.subList(0, 5)) {
                    s.close();
                }
                assertThat(get(server, "/ping")).isEqualTo("Ok.\n");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    private static String get(EmbeddedClickHouseProcess server, String pathAndQuery)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + pathAndQuery))
                .timeout(NOT_STARVED)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String query(EmbeddedClickHouseProcess server, String sql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/"))
                .timeout(NOT_STARVED)
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void writeQuietly(Socket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // closed by the server or the test: nothing left to trickle
        }
    }

    private static long residentKiB(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElseThrow();
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
