package cn.binjiang.union.jobs.kpi.config;

import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.JobSettings;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads the KPI job's settings as {@link JobSettings} reads every job's, with the secrets
 * {@code WORKER_ID_HMAC_KEY} and {@code CLICKHOUSE_PASSWORD} from the environment.
 * Everything is checked here, so a bad setting stops the job at start naming its key.
 */
public final class KpiJobConfig {
    /** A fixed key so the demo runs out of the box; refused outside demo mode. */
    static final String DEMO_HMAC_KEY = "demo-only-key-not-for-production-use-0123456789";

    static final int MIN_HMAC_KEY_BYTES = 32;
    /** The environment variables the job reads secrets from, each with the setting it fills. */
    public static final Map<String, String> SECRET_ENV = Map.of(
            "WORKER_ID_HMAC_KEY",
            KpiJobOptions.HMAC_KEY.key(),
            ClickHouseOptions.PASSWORD_ENV,
            ClickHouseOptions.PASSWORD.key());
    /** Every key the job accepts: its own options and the Kafka and ClickHouse ones it shares with the alert job. */
    public static final List<ConfigOption<?>> OPTIONS =
            JobSettings.options(KpiJobOptions.ALL, KafkaOptions.ALL, ClickHouseOptions.ALL);
    /** The namespaces the job owns: a key in them that is not one of {@link #OPTIONS} is a typo, refused at start. */
    static final List<String> NAMESPACES =
            List.of("platform.", "kpi.", "privacy.", KafkaOptions.PREFIX, ClickHouseOptions.PREFIX);

    private KpiJobConfig() {}

    public static Configuration load(String[] args, Map<String, String> env) {
        Map<String, String> settings = JobSettings.read(args, env, SECRET_ENV);
        return validated(Configuration.fromMap(settings), settings);
    }

    /** The KPI catalog the job computes: {@link KpiJobOptions#CATALOG}'s file, else the one in the jar. */
    public static KpiCatalog catalog(Configuration config) {
        return config.getOptional(KpiJobOptions.CATALOG)
                .map(KpiJobConfig::catalogFile)
                .orElseGet(KpiCatalog::fromClasspath);
    }

    private static KpiCatalog catalogFile(String file) {
        try {
            return KpiCatalog.fromFile(Path.of(file));
        } catch (RuntimeException e) {
            throw new ConfigurationException(KpiJobOptions.CATALOG.key() + ": " + e.getMessage());
        }
    }

    static Configuration validated(Configuration config, Map<String, String> settings) {
        JobSettings.checkTyped(config, settings, OPTIONS, NAMESPACES);
        catalog(config);
        ClickHouseOptions.check(config);
        if (config.getOptional(KpiJobOptions.HMAC_KEY).isEmpty()) {
            if (config.get(KpiJobOptions.MODE) != KpiJobOptions.Mode.DEMO) {
                throw new ConfigurationException(
                        KpiJobOptions.HMAC_KEY.key()
                                + ": required outside demo mode (set the WORKER_ID_HMAC_KEY environment variable); resident IDs are never stored in clear");
            }
            config.set(KpiJobOptions.HMAC_KEY, DEMO_HMAC_KEY);
        }
        if (config.get(KpiJobOptions.HMAC_KEY).getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_KEY_BYTES) {
            throw new ConfigurationException(
                    KpiJobOptions.HMAC_KEY.key() + ": must be at least " + MIN_HMAC_KEY_BYTES + " bytes");
        }
        if (config.get(KpiJobOptions.MODE) == KpiJobOptions.Mode.PRODUCTION
                && DEMO_HMAC_KEY.equals(config.get(KpiJobOptions.HMAC_KEY))) {
            throw new ConfigurationException(
                    KpiJobOptions.HMAC_KEY.key() + ": the demo key is refused in production mode");
        }
        if (config.get(KpiJobOptions.WATERMARK_MAX_DRIFT).compareTo(config.get(KpiJobOptions.LATE_HORIZON)) >= 0) {
            throw new ConfigurationException(KpiJobOptions.WATERMARK_MAX_DRIFT.key() + ": must be shorter than "
                    + KpiJobOptions.LATE_HORIZON.key());
        }
        if (config.get(KpiJobOptions.CELL_GRACE).compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigurationException(KpiJobOptions.CELL_GRACE.key() + ": must be at least 1 minute");
        }
        if (config.get(KpiJobOptions.PRE_AGGREGATION_BACKLOG_DELAY)
                        .compareTo(config.get(KpiJobOptions.PRE_AGGREGATION_DELAY))
                < 0) {
            throw new ConfigurationException(KpiJobOptions.PRE_AGGREGATION_BACKLOG_DELAY.key()
                    + ": must not be shorter than " + KpiJobOptions.PRE_AGGREGATION_DELAY.key());
        }
        return config;
    }
}
