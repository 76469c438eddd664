package cn.binjiang.union.jobs.alerts.config;

import cn.binjiang.union.jobs.kpi.config.ConfigurationException;
import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** The alert job's settings: YAML file, {@code --key value}, secrets from the environment; checked at start. */
public final class AlertJobConfig {
    /** The environment variables the job reads secrets from, each with the setting it fills. */
    public static final Map<String, String> SECRET_ENV = Map.of(
            "ALERT_WEBHOOK_SECRET", AlertJobOptions.WEBHOOK_SECRET.key(),
            "CLICKHOUSE_PASSWORD", KpiJobOptions.CLICKHOUSE_PASSWORD.key());

    private AlertJobConfig() {}

    public static Configuration load(String[] args, Map<String, String> env) {
        Map<String, String> settings = KpiJobConfig.settings(args, env, SECRET_ENV);
        Configuration config = Configuration.fromMap(settings);
        KpiJobConfig.checkTyped(config, settings, AlertJobOptions.ALL, AlertJobOptions.OWN_PREFIXES);
        if (config.getOptional(AlertJobOptions.RULES_FILE).isEmpty()) {
            throw new ConfigurationException(AlertJobOptions.RULES_FILE.key() + ": required (the alert rules, e.g. dashboards/alerts.yaml)");
        }
        if (config.getOptional(AlertJobOptions.WEBHOOK_SECRET).isPresent() && config.getOptional(AlertJobOptions.WEBHOOK_URL).isEmpty()) {
            throw new ConfigurationException(AlertJobOptions.WEBHOOK_SECRET.key() + ": set without " + AlertJobOptions.WEBHOOK_URL.key());
        }
        String flavour = config.get(AlertJobOptions.WEBHOOK_FLAVOUR);
        if (!flavour.equals("dingtalk") && !flavour.equals("wecom")) {
            throw new ConfigurationException(AlertJobOptions.WEBHOOK_FLAVOUR.key() + ": must be dingtalk or wecom, got '" + flavour + "'");
        }
        return config;
    }
}
