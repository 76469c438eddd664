package cn.binjiang.union.jobs.kpi.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * Every setting of the KPI job's own, typed, with its default and meaning, in one place. Defaults run
 * the local demo stack. Keys are read from the job's config file and may be overridden by
 * {@code --key value} arguments; Flink's own keys (execution.*, state.*, ...) pass through. The Kafka
 * and ClickHouse settings it shares with the alert job are {@link KafkaOptions} and {@link ClickHouseOptions}.
 */
public final class KpiJobOptions {
    private KpiJobOptions() {}

    public static final ConfigOption<Mode> MODE = key("platform.mode")
            .enumType(Mode.class)
            .defaultValue(Mode.PRODUCTION)
            .withDescription(
                    "demo allows a built-in pseudonymisation key; production requires privacy.worker-id-hmac-key.");

    public static final ConfigOption<String> KAFKA_GROUP_ID = key("kafka.group-id")
            .stringType()
            .defaultValue("union-kpi-job")
            .withDescription("Consumer group whose offsets are committed on each checkpoint (for lag monitoring).");

    public static final ConfigOption<String> CATALOG = key("kpi.catalog")
            .stringType()
            .noDefaultValue()
            .withDescription("A KPI catalog file (the format of schemas' kpi/catalog.yaml) to compute instead of the "
                    + "catalog in the jar: how a KPI is added without a new build; kpi rebuild then backfills it.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = key("kpi.out-of-orderness")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How far event time may run backwards before the watermark passes an event.");
    public static final ConfigOption<Duration> SOURCE_IDLENESS = key("kpi.source-idleness")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("A partition without accepted events this long no longer holds the watermark back.");
    public static final ConfigOption<Duration> WATERMARK_MAX_DRIFT = key("kpi.watermark-alignment.max-drift")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription("How far in event time one partition may be read ahead of the slowest; "
                    + "keeps a backlog's partitions in step. Must be shorter than kpi.late-horizon.");
    public static final ConfigOption<Duration> LATE_HORIZON = key("kpi.late-horizon")
            .durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("Events older than the watermark minus this go to the dead-letter path as too_late.");
    public static final ConfigOption<Duration> CELL_GRACE = key("kpi.cell-grace")
            .durationType()
            .defaultValue(Duration.ofMinutes(15))
            .withDescription("How long (on the clock) a KPI cell's total is kept after kpi.late-horizon has closed its "
                    + "period: no event counts in it any more, but a kpi rebuild running meanwhile still adjusts it. "
                    + "A rebuild gives up rather than take longer than half of it. At least 1 minute.");
    public static final ConfigOption<Duration> CLOCK_SKEW = key("kpi.clock-skew-tolerance")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("How far in the future occurred_at may be before the event is invalid.");
    public static final ConfigOption<MemorySize> MAX_RECORD_SIZE = key("kpi.max-record-size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(1))
            .withDescription(
                    "A Kafka record whose value is larger is rejected as too_large "
                            + "before it is decoded (an event is a few hundred bytes; the codec would allocate up to the record's size).");
    public static final ConfigOption<Integer> PRE_AGGREGATION_CELLS = key("kpi.pre-aggregation.max-cells")
            .intType()
            .defaultValue(100_000)
            .withDescription("Cells summed per subtask before the shuffle at most.");
    public static final ConfigOption<Duration> PRE_AGGREGATION_DELAY = key("kpi.pre-aggregation.max-delay")
            .durationType()
            .defaultValue(Duration.ofMillis(200))
            .withDescription("Longest a contribution of a recent event waits in the pre-aggregation bundle.");
    public static final ConfigOption<Duration> PRE_AGGREGATION_BACKLOG_AGE = key("kpi.pre-aggregation.backlog-age")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription(
                    "An event that happened longer ago than this is backlog (a replay, a catch-up): "
                            + "its contributions may wait kpi.pre-aggregation.backlog-delay. Keep it above the usual delivery delay.");
    public static final ConfigOption<Duration> PRE_AGGREGATION_BACKLOG_DELAY = key("kpi.pre-aggregation.backlog-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("Longest a bundle holding only backlog waits: longer bundles fold more events "
                    + "into each cell update.");

    public static final ConfigOption<String> HMAC_KEY = key("privacy.worker-id-hmac-key")
            .stringType()
            .noDefaultValue()
            .withDescription("Key of the HMAC-SHA256 that replaces resident IDs (>= 32 bytes). Required in production; "
                    + "never commit it: pass it in the WORKER_ID_HMAC_KEY environment variable.");

    /** Every option above: the KPI job's own keys. */
    public static final List<ConfigOption<?>> ALL = List.of(
            MODE,
            KAFKA_GROUP_ID,
            CATALOG,
            OUT_OF_ORDERNESS,
            SOURCE_IDLENESS,
            WATERMARK_MAX_DRIFT,
            LATE_HORIZON,
            CELL_GRACE,
            CLOCK_SKEW,
            MAX_RECORD_SIZE,
            PRE_AGGREGATION_CELLS,
            PRE_AGGREGATION_DELAY,
            PRE_AGGREGATION_BACKLOG_AGE,
            PRE_AGGREGATION_BACKLOG_DELAY,
            HMAC_KEY);

    /** Whether the job may run on the demo's built-in key. */
    public enum Mode {
        DEMO,
        PRODUCTION
    }
}
