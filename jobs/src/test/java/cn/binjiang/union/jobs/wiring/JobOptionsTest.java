package cn.binjiang.union.jobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.jobs.alerts.config.AlertJobConfig;
import cn.binjiang.union.jobs.alerts.config.AlertJobOptions;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import cn.binjiang.union.settings.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
    private static List<String> keys(List<ConfigOption<?>> options) {
        return options.stream().map(ConfigOption::key).toList();
    }

    @Test
    void eachJobListsOnlyItsOwnKeysAndTheKafkaAndClickHouseOnesAreListedOnceForBoth() {
        assertThat(keys(KpiJobOptions.ALL))
                .doesNotContainAnyElementsOf(keys(AlertJobOptions.ALL))
                .doesNotContainAnyElementsOf(keys(KafkaOptions.ALL))
                .doesNotContainAnyElementsOf(keys(ClickHouseOptions.ALL));
        assertThat(keys(AlertJobOptions.ALL)).allMatch(key -> key.startsWith("alerts."));
        assertThat(keys(KafkaOptions.ALL)).allMatch(key -> key.startsWith(KafkaOptions.PREFIX));
        assertThat(keys(ClickHouseOptions.ALL)).allMatch(key -> key.startsWith(ClickHouseOptions.PREFIX));
    }

    @Test
    void theAlertJobReadsTheSharedKeysAndRefusesTheKpiJobsConsumerGroup() {
        Configuration config = AlertJobConfig.load(
                new String[] {
                    "--alerts.rules-file",
                    "rules.yaml",
                    "--kafka.bootstrap-servers",
                    "broker-1:9092",
                    "--clickhouse.sink.batch-size",
                    "700"
                },
                Map.of("CLICKHOUSE_PASSWORD", "from-env"));
        assertThat(config.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("broker-1:9092");
        assertThat(ClickHouseOptions.sinkConfig(config).batchSize()).isEqualTo(700);
        assertThat(ClickHouseOptions.sinkConfig(config).password()).isEqualTo("from-env");

        assertThatThrownBy(() -> AlertJobConfig.load(
                        new String[] {"--alerts.rules-file", "rules.yaml", "--kafka.group-id", "kpi"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown setting 'kafka.group-id'");
    }

    @Test
    void bothJobsRefuseBackOffBoundsOutOfOrder() {
        assertThatThrownBy(() -> AlertJobConfig.load(
                        new String[] {
                            "--alerts.rules-file",
                            "rules.yaml",
                            "--clickhouse.sink.min-backoff",
                            "10 s",
                            "--clickhouse.sink.max-backoff",
                            "1 s"
                        },
                        Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("clickhouse.sink.min-backoff: must not exceed clickhouse.sink.max-backoff");
    }

    @Test
    void theAlertJobRefusesATargetsRefreshUnderASecond() {
        assertThatThrownBy(() -> AlertJobConfig.load(
                        new String[] {"--alerts.rules-file", "rules.yaml", "--alerts.targets-refresh", "500 ms"},
                        Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("alerts.targets-refresh: must be at least 1 s, got 500 ms");
    }
}
