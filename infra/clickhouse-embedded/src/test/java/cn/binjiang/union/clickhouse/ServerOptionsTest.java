package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerOptionsTest {
    @TempDir
    Path dir;

    @Test
    void badOptionsFailNamingTheOption() throws Exception {
        String data = dir.resolve("data").toString();
        assertThatThrownBy(() -> ServerOptions.parse("--data-dir", data, "--max-concurrent-queries", "0"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--max-concurrent-queries");
        assertThatThrownBy(() -> ServerOptions.parse("--data-dir", data, "--max-connections", "-1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--max-connections");
        assertThatThrownBy(() -> ServerOptions.parse("--data-dir", data, "--receive-timeout-ms", "soon"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--receive-timeout-ms");
        assertThatThrownBy(() -> ServerOptions.parse("--data-dir", data, "--https-port", "99999"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--https-port");
        assertThatThrownBy(() -> ServerOptions.parse("--data-dir", data, "--https-port", "8443"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--tls-certificate");
        assertThatThrownBy(() -> ServerOptions.parse(
                        "--data-dir",
                        data,
                        "--tls-certificate",
                        dir.resolve("none.pem").toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--tls-certificate");
        Path notPem = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        assertThatThrownBy(() -> TlsContext.load(notPem, notPem))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--tls-certificate");
    }

    @Test
    void defaultsBoundConcurrencyWaitConnectionsAndReceiving() {
        ServerOptions o = ServerOptions.parse("--data-dir", dir.toString());
        assertThat(o.maxConcurrentQueries()).isEqualTo(8);
        assertThat(o.queueMaxWaitMillis()).isEqualTo(10_000);
        assertThat(o.maxConnections()).isEqualTo(1024);
        assertThat(o.receiveTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.tls()).isEmpty();
    }
}
