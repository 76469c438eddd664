package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.config.AlertJobConfig;
import cn.binjiang.union.jobs.alerts.config.AlertJobOptions;
import cn.binjiang.union.jobs.alerts.io.AlertKafka;
import cn.binjiang.union.jobs.alerts.io.AlertRows;
import cn.binjiang.union.jobs.alerts.io.ClickHouseTargets;
import cn.binjiang.union.jobs.alerts.notify.DeliveryLog;
import cn.binjiang.union.jobs.alerts.notify.DeliveryRows;
import cn.binjiang.union.jobs.alerts.notify.Webhook;
import cn.binjiang.union.jobs.alerts.notify.WebhookMessage;
import cn.binjiang.union.jobs.alerts.notify.WebhookNotifications;
import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.AlertRulesFile;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseSink;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseSinkConfig;
import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.jobs.wiring.KafkaReachability;
import cn.binjiang.union.jobs.wiring.KafkaSinks;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Runs the alert job on Kafka and ClickHouse ({@code ./platform alerts start}, or {@code flink run}).
 * Settings: {@link AlertJobOptions}; the rules file is checked completely before anything starts.
 */
public final class AlertJobMain {
    public static final String JOB_NAME = "union-alerts";

    private AlertJobMain() {}

    public static void main(String[] args) throws Exception {
        Configuration config;
        List<AlertRule> rules;
        try {
            config = AlertJobConfig.load(args, System.getenv());
            rules = rules(config);
        } catch (ConfigurationException e) {
            System.err.println("alert-job: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        new AlertJob(rules, sources(config), sinks(config)).buildOn(env);
        try (KafkaReachability kafka = KafkaReachability.watch(config.get(KafkaOptions.BOOTSTRAP_SERVERS))) {
            env.execute(JOB_NAME);
        }
    }

    public static List<AlertRule> rules(Configuration config) {
        return new AlertRulesFile(KpiCatalog.fromClasspath(), targets(config))
                .load(Path.of(config.get(AlertJobOptions.RULES_FILE)));
    }

    private static ClickHouseTargets targets(Configuration config) {
        return new ClickHouseTargets(
                config.get(ClickHouseOptions.URL),
                config.get(ClickHouseOptions.USER),
                config.get(ClickHouseOptions.PASSWORD));
    }

    /**
     * kpi-updates from the beginning for a new group (alerts are rebuilt from the KPI history); the event topics from
     * now.
     */
    public static AlertJob.Sources sources(Configuration config) {
        String bootstrap = config.get(KafkaOptions.BOOTSTRAP_SERVERS);
        String prefix = config.get(KafkaOptions.TOPIC_PREFIX);
        String group = config.get(AlertJobOptions.GROUP_ID);
        String deadLetter = prefix + config.get(KafkaOptions.DEAD_LETTER_TOPIC);
        KafkaSource<KpiValue> kpiUpdates = KafkaSource.<KpiValue>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(prefix + config.get(KafkaOptions.KPI_UPDATES_TOPIC))
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setDeserializer(new AlertKafka.KpiUpdates())
                .build();
        List<String> topics = new ArrayList<>();
        EventStream.all().forEach(s -> topics.add(prefix + s.name()));
        topics.add(deadLetter);
        KafkaSource<String> records = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topics)
                .setGroupId(group + "-traffic")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setDeserializer(new AlertKafka.TopicNames(prefix, deadLetter))
                .build();
        DataGeneratorSource<Long> clock =
                new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(1), Types.LONG);
        return new AlertJob.Sources(
                kpiUpdates, records, clock, targets(config), config.get(AlertJobOptions.TARGETS_REFRESH));
    }

    public static AlertJob.Sinks sinks(Configuration config) {
        ClickHouseSinkConfig clickhouse = ClickHouseOptions.sinkConfig(config);
        String topic = config.get(KafkaOptions.TOPIC_PREFIX) + config.get(AlertJobOptions.ALERTS_TOPIC);
        Notifications notifications = config.getOptional(AlertJobOptions.WEBHOOK_URL)
                .<Notifications>map(url -> new WebhookNotifications(
                        new Webhook(
                                url,
                                config.getOptional(AlertJobOptions.WEBHOOK_SECRET)
                                        .orElse(""),
                                WebhookMessage.Flavour.valueOf(config.get(AlertJobOptions.WEBHOOK_FLAVOUR)
                                        .toUpperCase(Locale.ROOT)),
                                config.get(AlertJobOptions.WEBHOOK_TIMEOUT),
                                config.get(AlertJobOptions.WEBHOOK_MAX_BACKOFF)),
                        new DeliveryLog(
                                config.get(ClickHouseOptions.URL),
                                config.get(ClickHouseOptions.USER),
                                config.get(ClickHouseOptions.PASSWORD)),
                        new ClickHouseSink<>(clickhouse, new DeliveryRows())))
                .orElse(Notifications.none());
        return new AlertJob.Sinks(
                new ClickHouseSink<>(clickhouse, new AlertRows()),
                KafkaSinks.atLeastOnce(config.get(KafkaOptions.BOOTSTRAP_SERVERS), new AlertKafka.Alerts(topic)),
                notifications);
    }
}
