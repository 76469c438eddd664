package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A rejected record as a dead-letter record, keyed by its source position. */
final class DeadLetterRecords implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    DeadLetterRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] key = (d.topic() + '/' + d.partition() + '/' + d.offset()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, key, JsonRecords.deadLetter(d));
    }
}
