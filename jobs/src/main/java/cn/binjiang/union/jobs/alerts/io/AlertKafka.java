package cn.binjiang.union.jobs.alerts.io;

import cn.binjiang.union.jobs.alerts.AlertInput;
import cn.binjiang.union.jobs.alerts.AlertTransition;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.AlertJson;
import cn.binjiang.union.schema.topic.AlertUpdate;
import cn.binjiang.union.schema.topic.KpiUpdateJson;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the alert job reads and writes Kafka records. */
public final class AlertKafka {
    private AlertKafka() {}

    /**
     * {@code kpi-updates} records, read by the topic's contract ({@link KpiUpdateJson}); one that does not follow
     * it is logged and skipped (it is the KPI job's own output).
     */
    public static final class KpiUpdates implements KafkaRecordDeserializationSchema<KpiValue> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(KpiUpdates.class);

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KpiValue> out) {
            try {
                out.collect(KpiUpdateJson.read(record.value()));
            } catch (IOException e) {
                LOG.warn(
                        "kpi-updates {}-{}@{} skipped: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }

        @Override
        public TypeInformation<KpiValue> getProducedType() {
            return TypeInformation.of(KpiValue.class);
        }
    }

    /**
     * A record of an event topic or of the dead-letter topic, reduced to which topic it came from
     * (the stream's name, or {@link AlertInput#DEAD_LETTER}): the silence and rate rules count, they do not read.
     */
    public static final class TopicNames implements KafkaRecordDeserializationSchema<String> {
        private static final long serialVersionUID = 1L;
        private final String prefix;
        private final String deadLetterTopic;

        public TopicNames(String prefix, String deadLetterTopic) {
            this.prefix = prefix;
            this.deadLetterTopic = deadLetterTopic;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
            if (record.topic().equals(deadLetterTopic)) out.collect(AlertInput.DEAD_LETTER);
            else out.collect(record.topic().substring(prefix.length()));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return TypeInformation.of(String.class);
        }
    }

    /**
     * The {@code alerts} topic, written by its contract ({@link AlertJson}): keyed by alert id, so one alert's
     * transitions stay in order.
     */
    public static final class Alerts implements KafkaRecordSerializationSchema<AlertTransition> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        public Alerts(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(AlertTransition t, KafkaSinkContext context, Long timestamp) {
            AlertUpdate update = t.published();
            return new ProducerRecord<>(topic, AlertJson.key(update), AlertJson.write(update));
        }
    }
}
