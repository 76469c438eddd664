package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.KpiValue;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A KPI change as a kpi-updates record: keyed by cell, so the updates of one cell stay in order on one partition. */
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
        return new ProducerRecord<>(topic, value.cellKey().getBytes(StandardCharsets.UTF_8), json.write(value));
    }
}
