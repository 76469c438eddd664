package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.KpiUpdateJson;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A KPI change as a kpi-updates record ({@link KpiUpdateJson}, the topic's contract): keyed by cell, so the updates of
 * one cell stay in order on one partition.
 */
final class KpiUpdateRecords implements KafkaRecordSerializationSchema<KpiValue> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private transient KpiUpdateJson json;

    KpiUpdateRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KpiValue value, KafkaSinkContext context, Long timestamp) {
        if (json == null) json = new KpiUpdateJson();
        return new ProducerRecord<>(topic, KpiUpdateJson.key(value), json.write(value));
    }
}
