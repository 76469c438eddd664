package cn.binjiang.union.seeds.command;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How a source system writes its events to Kafka, and so how the generator, the bench and the tests that stand
 * in for one write them: each write acknowledged by every in-sync replica and idempotent, so that a retry after
 * a broker's death neither loses an event nor writes it twice (the job's exact counts assume both).
 */
public final class SourceProducer {
    private static final int LINGER_MS = 10;

    private SourceProducer() {}

    public static KafkaProducer<byte[], byte[]> open(String bootstrap) {
        return open(bootstrap, Map.of());
    }

    /** @param tuning producer settings over the source's own (batching, compression), never its guarantees */
    public static KafkaProducer<byte[], byte[]> open(String bootstrap, Map<String, Object> tuning) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.putAll(tuning);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * An event as a source system sends it: to its stream's topic, keyed by its event id (so that a re-sent copy
     * lands in the partition of the first), Avro single-object encoded.
     *
     * @param topicPrefix what the deployment puts before every topic name ({@code ""} on the local stack)
     * @param partition the partition, or {@code null} for the one of the key
     */
    public static ProducerRecord<byte[], byte[]> record(
            EventCodec codec, String topicPrefix, SpecificRecordBase event, Integer partition) {
        EventStream<SpecificRecordBase> stream = EventStream.of(event);
        byte[] key = stream.envelopeOf(event).getEventId().toString().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topicPrefix + stream.name(), partition, key, codec.encode(event));
    }

    public static ProducerRecord<byte[], byte[]> record(EventCodec codec, SpecificRecordBase event) {
        return record(codec, "", event, null);
    }
}
