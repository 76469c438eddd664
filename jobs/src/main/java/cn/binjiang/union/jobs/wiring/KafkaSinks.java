package cn.binjiang.union.jobs.wiring;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The jobs' Kafka sinks. At-least-once is enough: every record the jobs publish carries what makes a
 * repeat recognisable after a restore (a KPI update its cell's version, a dead letter its source
 * position, an alert transition its id).
 */
public final class KafkaSinks {
    private KafkaSinks() {}

    /**
     * An at-least-once sink of records serialised by {@code records}. Batched (up to 20 ms, LZ4): a
     * busy job publishes a KPI update per changed cell, many thousands a second, and the producer's
     * defaults would send them in small uncompressed requests that cost the broker more than the job.
     */
    public static <T> KafkaSink<T> atLeastOnce(String bootstrapServers, KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(records)
                // Every replica in sync acknowledges (with min.insync.replicas 2 of 3, one broker may die
                // without losing a record), and a retried send is written once.
                .setProperty(ProducerConfig.ACKS_CONFIG, "all")
                .setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, "20")
                .setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024))
                .setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .build();
    }
}
