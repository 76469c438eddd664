package cn.binjiang.union.jobs.wiring;

import static org.apache.flink.configuration.ConfigOptions.key;

import cn.binjiang.union.schema.topic.Topic;
import cn.binjiang.union.settings.Endpoints;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * The Kafka settings both jobs read ({@code kafka.*}): the brokers, the topics' prefix and the topics one
 * job writes and the other reads. A job's own Kafka keys (the KPI job's {@code kafka.group-id}) are in its
 * own options.
 */
public final class KafkaOptions {
    private KafkaOptions() {}

    /** The namespace: a key in it that no job option names is a typo, refused at start. */
    public static final String PREFIX = "kafka.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = key("kafka.bootstrap-servers")
            .stringType()
            .defaultValue(Endpoints.KAFKA_BOOTSTRAP)
            .withDescription("Kafka brokers the streams are read from and KPI updates written to.");
    public static final ConfigOption<String> TOPIC_PREFIX = key("kafka.topic-prefix")
            .stringType()
            .defaultValue("")
            .withDescription("Prefix of every topic name: <prefix>enrollment, <prefix>kpi-updates, ...");
    public static final ConfigOption<String> KPI_UPDATES_TOPIC = key("kafka.kpi-updates-topic")
            .stringType()
            .defaultValue(Topic.KPI_UPDATES.topicName())
            .withDescription("Topic each KPI change is published on (JSON), for the alert job.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = key("kafka.dead-letter-topic")
            .stringType()
            .defaultValue(Topic.DEAD_LETTER.topicName())
            .withDescription("Topic every rejected record is published on (JSON, resident IDs masked).");

    public static final List<ConfigOption<?>> ALL =
            List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, KPI_UPDATES_TOPIC, DEAD_LETTER_TOPIC);
}
