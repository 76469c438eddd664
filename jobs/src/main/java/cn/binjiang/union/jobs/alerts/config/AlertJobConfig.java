package cn.binjiang.union.jobs.alerts.config;

import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.JobSettings;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.settings.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** The alert job's settings: YAML file, {@code --key value}, secrets from the environment; checked at start. */
public final class AlertJobConfig {
    /** The environment variables the job reads secrets from, each with the setting it fills. */
    public static final Map<String, String> SECRET_ENV = Map.of(
            "ALERT_WEBHOOK_SECRET",
            AlertJobOptions.WEBHOOK_SECRET.key(),
            ClickHouseOptions.PASSWORD_ENV,
            ClickHouseOptions.PASSWORD.key());
    /** Every key the job accepts: its own options and the Kafka and ClickHouse ones it shares with the KPI job. */
    public static final List<ConfigOption<?>> OPTIONS =
            JobSettings.options(AlertJobOptions.ALL, KafkaOptions.ALL, ClickHouseOptions.ALL);
    /** The namespaces the job owns: a key in them that is not one of {@link #OPTIONS} is a typo, refused at start. */
    static final List<String> NAMESPACES = List.of("alerts.", KafkaOptions.PREFIX, ClickHouseOptions.PREFIX);

    private AlertJobConfig() {}

    public static Configuration load(String[] args, Map<String, String> env) {
        Map<String, String> settings = JobSettings.read(args, env, SECRET_ENV);
        Configuration config = Configuration.fromMap(settings);
        JobSettings.checkTyped(config, settings, OPTIONS, NAMESPACES);
        ClickHouseOptions.check(config);
        if (config.getOptional(AlertJobOptions.RULES_FILE).isEmpty()) {
            throw new ConfigurationException(
                    AlertJobOptions.RULES_FILE.key() + ": required (the alert rules, e.g. dashboards/alerts.yaml)");
        }
        if (config.getOptional(AlertJobOptions.WEBHOOK_SECRET).isPresent()
                && config.getOptional(AlertJobOptions.WEBHOOK_URL).isEmpty()) {
            throw new ConfigurationException(
                    AlertJobOptions.WEBHOOK_SECRET.key() + ": set without " + AlertJobOptions.WEBHOOK_URL.key());
        }
        String flavour = config.get(AlertJobOptions.WEBHOOK_FLAVOUR);
        if (!flavour.equals("dingtalk") && !flavour.equals("wecom")) {
            throw new ConfigurationException(
                    AlertJobOptions.WEBHOOK_FLAVOUR.key() + ": must be dingtalk or wecom, got '" + flavour + "'");
        }
        if (config.get(AlertJobOptions.TARGETS_REFRESH).toSeconds() < 1) {
            throw new ConfigurationException(AlertJobOptions.TARGETS_REFRESH.key() + ": must be at least 1 s, got "
                    + config.get(AlertJobOptions.TARGETS_REFRESH).toMillis() + " ms");
        }
        return config;
    }
}
