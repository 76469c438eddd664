package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.wiring.KafkaSinks;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The KPI job's Kafka outputs, at least once ({@link KafkaSinks}): a KPI update carries its cell's version, a dead
 * letter its source position.
 */
public final class KafkaOutputs {
    private KafkaOutputs() {}

    public static KafkaSink<KpiValue> kpiUpdates(String bootstrapServers, String topic) {
        return KafkaSinks.atLeastOnce(bootstrapServers, new KpiUpdateRecords(topic));
    }

    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers, String topic) {
        return KafkaSinks.atLeastOnce(bootstrapServers, new DeadLetterRecords(topic));
    }
}
