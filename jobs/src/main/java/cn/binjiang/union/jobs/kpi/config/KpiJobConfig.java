package cn.binjiang.union.jobs.kpi.config;

import java.nio.charset.StandardCharsets;
import cn.binjiang.union.schema.settings.SettingsReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * Reads the job's settings from, in rising precedence: the defaults in {@link KpiJobOptions}, a
 * YAML config file ({@code --config FILE}, nested or dotted keys), {@code --key value} arguments,
 * and the environment variables for secrets ({@code WORKER_ID_HMAC_KEY}, {@code CLICKHOUSE_PASSWORD}),
 * as {@link SettingsReader} reads them.
 * Everything is checked here, so a bad setting stops the job at start naming its key.
 */
public final class KpiJobConfig {
    /** A fixed key so the demo runs out of the box; refused outside demo mode. */
    static final String DEMO_HMAC_KEY = "demo-only-key-not-for-production-use-0123456789";
    static final int MIN_HMAC_KEY_BYTES = 32;
    /** The environment variables the job reads secrets from, each with the setting it fills. */
    public static final Map<String, String> SECRET_ENV = Map.of(
            "WORKER_ID_HMAC_KEY", KpiJobOptions.HMAC_KEY.key(),
            "CLICKHOUSE_PASSWORD", KpiJobOptions.CLICKHOUSE_PASSWORD.key());

    private KpiJobConfig() {}

    public static Configuration load(String[] args, Map<String, String> env) {
        Map<String, String> settings = settings(args, env, SECRET_ENV);
        return validated(Configuration.fromMap(settings), settings);
    }

    /** A job's flat settings: YAML file, {@code --key value}, then secrets from the environment ({@code secretEnv}: variable → key). */
    public static Map<String, String> settings(String[] args, Map<String, String> env, Map<String, String> secretEnv) {
        try {
            return SettingsReader.read(args, env, secretEnv);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * Every key in a namespace the job owns must be one of its options, and every option must parse to a
     * sensible value (durations, sizes and counts above zero), or the job stops at start naming the key.
     */
    public static void checkTyped(Configuration config, Map<String, String> settings, List<ConfigOption<?>> options, List<String> ownPrefixes) {
        for (String key : settings.keySet()) {
            boolean ours = ownPrefixes.stream().anyMatch(key::startsWith);
            boolean known = options.stream().anyMatch(o -> o.key().equals(key));
            if (ours && !known) throw new ConfigurationException("unknown setting '" + key + "'");
        }
        for (ConfigOption<?> option : options) {
            Object value;
            try {
                value = config.get(option);
            } catch (RuntimeException e) {
                throw new ConfigurationException(option.key() + ": " + e.getMessage(), e);
            }
            if (value instanceof Duration d && (d.isNegative() || d.isZero())) {
                throw new ConfigurationException(option.key() + ": must be a positive duration, got " + d);
            }
            if (value instanceof MemorySize size && size.getBytes() < 1) {
                throw new ConfigurationException(option.key() + ": must be a positive size, got " + size);
            }
            if (value instanceof Integer n && n < 1) {
                throw new ConfigurationException(option.key() + ": must be at least 1, got " + n);
            }
        }
    }

    static Configuration validated(Configuration config, Map<String, String> settings) {
        checkTyped(config, settings, KpiJobOptions.ALL, KpiJobOptions.OWN_PREFIXES);
        if (config.getOptional(KpiJobOptions.HMAC_KEY).isEmpty()) {
            if (config.get(KpiJobOptions.MODE) != KpiJobOptions.Mode.DEMO) {
                throw new ConfigurationException(KpiJobOptions.HMAC_KEY.key()
                        + ": required outside demo mode (set the WORKER_ID_HMAC_KEY environment variable); resident IDs are never stored in clear");
            }
            config.set(KpiJobOptions.HMAC_KEY, DEMO_HMAC_KEY);
        }
        if (config.get(KpiJobOptions.HMAC_KEY).getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_KEY_BYTES) {
            throw new ConfigurationException(KpiJobOptions.HMAC_KEY.key() + ": must be at least " + MIN_HMAC_KEY_BYTES + " bytes");
        }
        if (config.get(KpiJobOptions.MODE) == KpiJobOptions.Mode.PRODUCTION && DEMO_HMAC_KEY.equals(config.get(KpiJobOptions.HMAC_KEY))) {
            throw new ConfigurationException(KpiJobOptions.HMAC_KEY.key() + ": the demo key is refused in production mode");
        }
        if (config.get(KpiJobOptions.WATERMARK_MAX_DRIFT).compareTo(config.get(KpiJobOptions.LATE_HORIZON)) >= 0) {
            throw new ConfigurationException(KpiJobOptions.WATERMARK_MAX_DRIFT.key() + ": must be shorter than " + KpiJobOptions.LATE_HORIZON.key());
        }
        if (config.get(KpiJobOptions.SINK_MIN_BACKOFF).compareTo(config.get(KpiJobOptions.SINK_MAX_BACKOFF)) > 0) {
            throw new ConfigurationException(KpiJobOptions.SINK_MIN_BACKOFF.key() + ": must not exceed " + KpiJobOptions.SINK_MAX_BACKOFF.key());
        }
        if (config.get(KpiJobOptions.PRE_AGGREGATION_BACKLOG_DELAY).compareTo(config.get(KpiJobOptions.PRE_AGGREGATION_DELAY)) < 0) {
            throw new ConfigurationException(KpiJobOptions.PRE_AGGREGATION_BACKLOG_DELAY.key() + ": must not be shorter than " + KpiJobOptions.PRE_AGGREGATION_DELAY.key());
        }
        return config;
    }
}
