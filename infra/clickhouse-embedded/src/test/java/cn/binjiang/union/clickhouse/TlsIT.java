package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.clickhouse.client.api.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on a second port with a PEM certificate, through client-v2 trusting that certificate. */
class TlsIT {
    @TempDir
    Path dir;

    @Test
    void clientV2QueriesOverHttpsWhileHttpStillAnswers() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "rsa:2048",
                            "-nodes",
                            "-days",
                            "1",
                            "-subj",
                            "/CN=localhost",
                            "-addext",
                            "subjectAltName=IP:127.0.0.1,DNS:localhost",
                            "-keyout",
                            key.toString(),
                            "-out",
                            cert.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "openssl is needed to make a test certificate");
            return;
        }
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as(new String(openssl.getInputStream().readAllBytes()))
                .isTrue();
        assertThat(Files.readString(key)).contains("BEGIN PRIVATE KEY");

        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                        .maxHeap("256m")
                        .tls(cert, key)
                        .start();
                Client https = new Client.Builder()
                        .addEndpoint(server.httpsUrl())
                        .setUsername("default")
                        .setPassword("")
                        .setRootCertificate(cert.toString())
                        .build();
                Client http = new Client.Builder()
                        .addEndpoint(server.httpUrl())
                        .setUsername("default")
                        .setPassword("")
                        .build()) {
            assertThat(server.httpsUrl()).startsWith("https://127.0.0.1:");
            assertThat(https.queryAll("SELECT 40 + 2 AS x").getFirst().getLong("x"))
                    .isEqualTo(42);
            assertThat(http.queryAll("SELECT 1 AS x").getFirst().getLong("x")).isEqualTo(1);
            assertThat(server.stop()).isZero();
        }
    }
}
