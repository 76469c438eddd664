package cn.binjiang.union.jobs.wiring;

import static org.apache.flink.configuration.ConfigOptions.key;

import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseSinkConfig;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.Endpoints;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The ClickHouse settings both jobs read ({@code clickhouse.*}): where they write, as whom, and how their sinks batch
 * and retry.
 */
public final class ClickHouseOptions {
    private ClickHouseOptions() {}

    /** The namespace: a key in it that is not an option below is a typo, refused at start. */
    public static final String PREFIX = "clickhouse.";
    /** The environment variable the password is read from (it overrides {@link #PASSWORD}). */
    public static final String PASSWORD_ENV = "CLICKHOUSE_PASSWORD";

    public static final ConfigOption<String> URL = key("clickhouse.url")
            .stringType()
            .defaultValue(Endpoints.CLICKHOUSE_URL)
            .withDescription("JDBC URL of the ClickHouse the KPIs land in.");
    public static final ConfigOption<String> USER = key("clickhouse.user")
            .stringType()
            .defaultValue("default")
            .withDescription("ClickHouse user with INSERT rights.");
    public static final ConfigOption<String> PASSWORD = key("clickhouse.password")
            .stringType()
            .defaultValue("")
            .withDescription("Its password (prefer the CLICKHOUSE_PASSWORD environment variable).");
    public static final ConfigOption<Integer> SINK_BATCH_SIZE = key("clickhouse.sink.batch-size")
            .intType()
            .defaultValue(10_000)
            .withDescription("Rows per INSERT at most.");
    public static final ConfigOption<Duration> SINK_FLUSH_INTERVAL = key("clickhouse.sink.flush-interval")
            .durationType()
            .defaultValue(Duration.ofMillis(500))
            .withDescription("Longest a row waits in the sink's buffer: how live the cockpit is.");
    public static final ConfigOption<Duration> SINK_MIN_BACKOFF = key("clickhouse.sink.min-backoff")
            .durationType()
            .defaultValue(Duration.ofMillis(100))
            .withDescription("First wait before retrying a failed INSERT.");
    public static final ConfigOption<Duration> SINK_MAX_BACKOFF = key("clickhouse.sink.max-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("Longest wait between retries; retries go on until ClickHouse answers.");
    public static final ConfigOption<Duration> SINK_REQUEST_TIMEOUT = key("clickhouse.sink.request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription("How long one INSERT may wait for an answer before it is retried.");
    public static final ConfigOption<Duration> SINK_RETRY_TIMEOUT = key("clickhouse.sink.retry-timeout")
            .durationType()
            .noDefaultValue()
            .withDescription(
                    "If set, how long one batch may keep failing before the job fails and restarts "
                            + "from its last checkpoint; unset, the sink retries (and back-pressures) for as long as ClickHouse is away.");

    public static final List<ConfigOption<?>> ALL = List.of(
            URL,
            USER,
            PASSWORD,
            SINK_BATCH_SIZE,
            SINK_FLUSH_INTERVAL,
            SINK_MIN_BACKOFF,
            SINK_MAX_BACKOFF,
            SINK_REQUEST_TIMEOUT,
            SINK_RETRY_TIMEOUT);

    /** What {@link JobSettings#checkTyped} cannot see alone: the back-off bounds in order. */
    public static void check(Configuration config) {
        if (config.get(SINK_MIN_BACKOFF).compareTo(config.get(SINK_MAX_BACKOFF)) > 0) {
            throw new ConfigurationException(SINK_MIN_BACKOFF.key() + ": must not exceed " + SINK_MAX_BACKOFF.key());
        }
    }

    /** The sinks' settings, for every ClickHouse sink of a job. */
    public static ClickHouseSinkConfig sinkConfig(Configuration config) {
        ClickHouseSinkConfig.Builder sink = ClickHouseSinkConfig.builder()
                .jdbcUrl(config.get(URL))
                .user(config.get(USER))
                .password(config.get(PASSWORD))
                .batchSize(config.get(SINK_BATCH_SIZE))
                .flushInterval(config.get(SINK_FLUSH_INTERVAL))
                .minBackoff(config.get(SINK_MIN_BACKOFF))
                .maxBackoff(config.get(SINK_MAX_BACKOFF))
                .requestTimeout(config.get(SINK_REQUEST_TIMEOUT));
        config.getOptional(SINK_RETRY_TIMEOUT).ifPresent(sink::retryTimeout);
        return sink.build();
    }
}
