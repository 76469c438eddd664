package cn.binjiang.union.jobs.kpi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.settings.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KpiJobConfigTest {
    private static final String KEY = "k".repeat(40);

    @Test
    void defaultsRunTheDemo() {
        Configuration c = KpiJobConfig.load(new String[] {"--platform.mode", "demo"}, Map.of());

        assertThat(c.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
        assertThat(c.get(ClickHouseOptions.SINK_FLUSH_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(c.get(KpiJobOptions.HMAC_KEY)).isEqualTo(KpiJobConfig.DEMO_HMAC_KEY);
        assertThat(c.get(KpiJobOptions.MAX_RECORD_SIZE).getBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void theRecordSizeLimitIsAPositiveSizeNamedWhenWrong() {
        assertThat(KpiJobConfig.load(new String[] {"--kpi.max-record-size", "64 kb"}, Map.of("WORKER_ID_HMAC_KEY", KEY))
                        .get(KpiJobOptions.MAX_RECORD_SIZE)
                        .getBytes())
                .isEqualTo(64 * 1024);
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--kpi.max-record-size", "0 b"}, Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("kpi.max-record-size: must be a positive size, got 0 bytes");
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--kpi.max-record-size", "huge"}, Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kpi.max-record-size: ");
    }

    @Test
    void aCatalogFileReplacesTheJarsAndABadOneIsNamedAtStart(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("catalog.yaml"), """
                kpis:
                  - id: members_joined
                    name_zh: 入会人数
                    name_en: Members joined
                    unit: 人
                    stream: enrollment
                    filter:
                      event_type: [MEMBER_JOINED]
                    measure: count
                    dimensions: [street]
                    target: none
                """);
        Configuration c =
                KpiJobConfig.load(new String[] {"--platform.mode", "demo", "--kpi.catalog", one.toString()}, Map.of());
        assertThat(KpiJobConfig.catalog(c).all()).extracting(k -> k.id()).containsExactly("members_joined");
        assertThat(KpiJobConfig.catalog(KpiJobConfig.load(new String[] {"--platform.mode", "demo"}, Map.of()))
                        .all())
                .hasSizeGreaterThan(20);

        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--platform.mode", "demo", "--kpi.catalog", missing.toString()}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kpi.catalog: " + missing + ": cannot read");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "kpis:\n  - id: x\n    stream: nowhere\n");
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--platform.mode", "demo", "--kpi.catalog", broken.toString()}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kpi.catalog: " + broken + ": ");
    }

    @Test
    void productionRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> KpiJobConfig.load(new String[0], Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("privacy.worker-id-hmac-key: required outside demo mode");
    }

    @Test
    void productionRefusesTheDemoKeyAndAShortKey() {
        assertThatThrownBy(() ->
                        KpiJobConfig.load(new String[0], Map.of("WORKER_ID_HMAC_KEY", KpiJobConfig.DEMO_HMAC_KEY)))
                .hasMessage("privacy.worker-id-hmac-key: the demo key is refused in production mode");
        assertThatThrownBy(() -> KpiJobConfig.load(new String[0], Map.of("WORKER_ID_HMAC_KEY", "short")))
                .hasMessage("privacy.worker-id-hmac-key: must be at least 32 bytes");
    }

    @Test
    void fileThenArgumentsThenSecretsFromTheEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: broker-1:9092
                clickhouse.sink.batch-size: 500
                clickhouse.password: from-file
                """);

        Configuration c = KpiJobConfig.load(
                new String[] {"--config", file.toString(), "--clickhouse.sink.batch-size", "700"},
                Map.of("WORKER_ID_HMAC_KEY", KEY, "CLICKHOUSE_PASSWORD", "from-env"));

        assertThat(c.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("broker-1:9092");
        assertThat(c.get(ClickHouseOptions.SINK_BATCH_SIZE)).isEqualTo(700);
        assertThat(c.get(ClickHouseOptions.PASSWORD)).isEqualTo("from-env");
        assertThat(c.get(KpiJobOptions.HMAC_KEY)).isEqualTo(KEY);
    }

    @Test
    void aTypoInOurNamespaceIsRefusedByName() {
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--clickhouse.sink.batchsize", "5"}, Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown setting 'clickhouse.sink.batchsize'");
    }

    @Test
    void malformedValuesNameTheirKey() {
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--kpi.late-horizon", "soon"}, Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kpi.late-horizon: ");
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--clickhouse.sink.batch-size", "0"}, Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .hasMessage("clickhouse.sink.batch-size: must be at least 1, got 0");
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--platform.mode", "staging"}, Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .hasMessageStartingWith("platform.mode: ");
        assertThatThrownBy(() -> KpiJobConfig.load(
                        new String[] {"--kpi.pre-aggregation.backlog-delay", "100 ms"},
                        Map.of("WORKER_ID_HMAC_KEY", KEY)))
                .hasMessage(
                        "kpi.pre-aggregation.backlog-delay: must not be shorter than kpi.pre-aggregation.max-delay");
    }

    @Test
    void flinksOwnKeysPassThrough() {
        Configuration c = KpiJobConfig.load(
                new String[] {"--execution.checkpointing.interval", "3 s"}, Map.of("WORKER_ID_HMAC_KEY", KEY));

        assertThat(c.toMap()).containsEntry("execution.checkpointing.interval", "3 s");
    }

    @Test
    void anArgumentWithoutValueIsRefused() {
        assertThatThrownBy(() -> KpiJobConfig.load(new String[] {"--kafka.group-id"}, Map.of()))
                .hasMessage("argument '--kafka.group-id': settings are given as --key value");
    }
}
