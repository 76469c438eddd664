package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.KpiValue;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The job's Kafka outputs. At-least-once is enough: a KPI update carries its cell's version and
 * a dead letter its source position, so a consumer recognises a repeat after a restore.
 */
public final class KafkaOutputs {
    private KafkaOutputs() {}

    /** Keyed by cell, so the updates of one cell stay in order on one partition. */
    public static KafkaSink<KpiValue> kpiUpdates(String bootstrapServers, String topic) {
        return KafkaSink.<KpiValue>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<KpiValue>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(v -> v.cellKey().getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(JsonRecords::kpiUpdate)
                        .build())
                .build();
    }

    /** Keyed by the rejected record's source position. */
    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers, String topic) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<DeadLetter>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(d -> (d.topic() + '/' + d.partition() + '/' + d.offset()).getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(JsonRecords::deadLetter)
                        .build())
                .build();
    }
}
