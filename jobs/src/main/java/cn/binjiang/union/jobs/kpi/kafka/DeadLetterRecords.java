package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.schema.topic.DeadLetter;
import cn.binjiang.union.schema.topic.DeadLetterJson;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A rejected record as a dead-letter record ({@link DeadLetterJson}, the topic's contract), keyed by its source
 * position.
 */
final class DeadLetterRecords implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    DeadLetterRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, DeadLetterJson.key(d), DeadLetterJson.write(d));
    }
}
