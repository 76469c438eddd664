package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.KpiValue;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The job's Kafka outputs. At-least-once is enough: a KPI update carries its cell's version and
 * a dead letter its source position, so a consumer recognises a repeat after a restore.
 */
public final class KafkaOutputs {
    private KafkaOutputs() {}

    public static KafkaSink<KpiValue> kpiUpdates(String bootstrapServers, String topic) {
        return sink(bootstrapServers, new KpiUpdateRecords(topic));
    }

    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers, String topic) {
        return sink(bootstrapServers, new DeadLetterRecords(topic));
    }

    /** An at-least-once sink of records serialised by {@code records}. */
    public static <T> KafkaSink<T> sink(String bootstrapServers, KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(records)
                .build();
    }
}
