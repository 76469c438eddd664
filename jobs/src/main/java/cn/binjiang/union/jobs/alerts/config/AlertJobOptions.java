package cn.binjiang.union.jobs.alerts.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.schema.topic.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every setting of the alert job's own ({@code alerts.*}), typed, in one place. Kafka and ClickHouse are
 * reached with the keys both jobs share ({@link KafkaOptions}: {@code kafka.*}, {@link ClickHouseOptions}:
 * {@code clickhouse.*}).
 */
public final class AlertJobOptions {
    private AlertJobOptions() {}

    public static final ConfigOption<String> RULES_FILE = key("alerts.rules-file")
            .stringType()
            .noDefaultValue()
            .withDescription("The alert rules (YAML); required. dashboards/alerts.yaml is the demo's set.");
    public static final ConfigOption<String> GROUP_ID = key("alerts.group-id")
            .stringType()
            .defaultValue("union-alert-job")
            .withDescription("Kafka consumer group of the alert job (kpi-updates, the event topics, dead-letter).");
    public static final ConfigOption<String> ALERTS_TOPIC = key("alerts.topic")
            .stringType()
            .defaultValue(Topic.ALERTS.topicName())
            .withDescription("Topic the alert transitions are published on (after the topic prefix).");
    public static final ConfigOption<String> WEBHOOK_URL = key("alerts.webhook.url")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "DingTalk/WeCom-compatible robot webhook; without it nothing is notified (transitions are still recorded).");
    public static final ConfigOption<String> WEBHOOK_SECRET = key("alerts.webhook.secret")
            .stringType()
            .noDefaultValue()
            .withDescription("DingTalk signing secret (timestamp + sign parameters); env ALERT_WEBHOOK_SECRET.");
    public static final ConfigOption<String> WEBHOOK_FLAVOUR = key("alerts.webhook.flavour")
            .stringType()
            .defaultValue("dingtalk")
            .withDescription("The robot's message body: dingtalk (markdown title + text) or wecom (markdown content).");
    public static final ConfigOption<Duration> WEBHOOK_TIMEOUT = key("alerts.webhook.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("One webhook request's time limit.");
    public static final ConfigOption<Duration> WEBHOOK_MAX_BACKOFF = key("alerts.webhook.max-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest wait between retries of an undelivered notification.");

    public static final ConfigOption<Duration> TARGETS_REFRESH = key("alerts.targets-refresh")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often the pace rules' targets are read again (targets_in_force): a target revised "
                    + "mid-year is judged against this long after it takes effect at the latest. Whole seconds, "
                    + "at least 1 s.");

    /** Every option above: the alert job's own keys. */
    public static final List<ConfigOption<?>> ALL = List.of(
            RULES_FILE,
            GROUP_ID,
            ALERTS_TOPIC,
            WEBHOOK_URL,
            WEBHOOK_SECRET,
            WEBHOOK_FLAVOUR,
            WEBHOOK_TIMEOUT,
            WEBHOOK_MAX_BACKOFF,
            TARGETS_REFRESH);
}
