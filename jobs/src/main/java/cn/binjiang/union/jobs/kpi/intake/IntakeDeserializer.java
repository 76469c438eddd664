package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import cn.binjiang.union.schema.ids.PersonalDataMasker;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The intake, run inside the Kafka source so that event time is known per partition: refuses a
 * record over the size limit before decoding it, decodes the rest, checks that each event is on
 * its own stream's topic, validates it, replaces what may be a resident ID by its keyed pseudonym
 * and re-encodes it. A record that cannot be accepted becomes a dead letter with its reason, a
 * detail, its source position and its bytes with resident IDs masked: bad input never stops the
 * job and is never dropped silently.
 */
public final class IntakeDeserializer implements KafkaRecordDeserializationSchema<Intake> {
    private static final long serialVersionUID = 1L;
    static final String EMPTY_RECORD = "undecodable";
    static final String WRONG_STREAM = "wrong_stream";
    static final String TOO_LARGE = "too_large";
    /**
     * What a too_large dead letter keeps of its record: the first KiB, masked. Enough to read the
     * Avro header (which stream and schema version) and the envelope (event id, producer); the
     * whole record stays on Kafka at the topic, partition and offset the dead letter names, and
     * megabytes in base64 would swell rejected_events and the dead-letter topic for nothing.
     */
    static final int TOO_LARGE_PAYLOAD_BYTES = 1024;

    private final ReferenceDataSource referenceData;
    private final Duration clockSkew;
    private final String hmacKey;
    private final String topicPrefix;
    private final long maxRecordBytes;
    private transient EventCodec codec;
    private transient EventValidator validator;
    private transient ResidentIdPseudonymiser pseudonymiser;
    private transient Counter accepted;

    /**
     * @param topicPrefix the prefix of the stream topics ({@code kafka.topic-prefix}): an event of
     *     stream {@code s} belongs on topic {@code topicPrefix + s}
     * @param maxRecordBytes records with a longer value are refused undecoded ({@code kpi.max-record-size})
     */
    public IntakeDeserializer(
            ReferenceDataSource referenceData,
            Duration clockSkew,
            String hmacKey,
            String topicPrefix,
            long maxRecordBytes) {
        this.referenceData = referenceData;
        this.clockSkew = clockSkew;
        this.hmacKey = hmacKey;
        this.topicPrefix = topicPrefix;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        codec = EventCodec.fromClasspath();
        validator = new EventValidator(referenceData.load(), clockSkew, Clock.systemUTC());
        pseudonymiser = ResidentIdPseudonymiser.withKey(hmacKey);
        // rejections are counted by reason where they leave the stream (SplitIntake)
        accepted = context.getMetricGroup().counter("eventsAccepted");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Intake> out) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            out.collect(reject(record, new Rejection(EMPTY_RECORD, "the record has no value"), 0));
            return;
        }
        if (value.length > maxRecordBytes) {
            out.collect(reject(
                    record,
                    new Rejection(
                            TOO_LARGE,
                            "the record is " + value.length
                                    + " bytes, over the limit of " + maxRecordBytes + " ("
                                    + KpiJobOptions.MAX_RECORD_SIZE.key() + "); not decoded, its first "
                                    + TOO_LARGE_PAYLOAD_BYTES + " bytes kept"),
                    TOO_LARGE_PAYLOAD_BYTES));
            return;
        }
        DecodedEvent decoded;
        try {
            decoded = codec.decodeAny(value);
        } catch (EventDecodeException e) {
            out.collect(reject(record, new Rejection(e.reason().deadLetterCode(), e.getMessage()), value.length));
            return;
        }
        EventStream<?> stream = decoded.stream();
        SpecificRecordBase event = decoded.event();
        Optional<Rejection> problem =
                onItsTopic(record.topic(), stream).or(() -> validator.firstProblem(stream, event));
        if (problem.isPresent()) {
            out.collect(reject(record, problem.get(), value.length));
            return;
        }
        pseudonymiser.pseudonymise(event);
        Envelope envelope = EventStream.of(event).envelopeOf(event);
        accepted.inc();
        out.collect(Intake.accepted(new AcceptedEvent(
                envelope.getEventId().toString(),
                envelope.getRevision(),
                envelope.getWithdrawn(),
                stream.name(),
                envelope.getOccurredAt().toEpochMilli(),
                codec.encode(event),
                record.topic(),
                record.partition(),
                record.offset())));
    }

    /**
     * Events are counted by their own stream: one on another stream's topic is a producer's mistake, not counted there.
     */
    private Optional<Rejection> onItsTopic(String topic, EventStream<?> stream) {
        String own = topicPrefix + stream.name();
        return topic.equals(own)
                ? Optional.empty()
                : Optional.of(new Rejection(
                        WRONG_STREAM,
                        "topic " + topic + " carries an event of stream " + stream.name() + ", whose topic is " + own));
    }

    /**
     * A dead letter for the record, its payload the first {@code keptBytes} of the record's bytes,
     * masked. The whole value is masked before it is cut: an ID across the cut is masked entire.
     */
    private Intake reject(ConsumerRecord<byte[], byte[]> record, Rejection rejection, int keptBytes) {
        byte[] payload =
                keptBytes == 0 ? new byte[0] : Arrays.copyOf(PersonalDataMasker.mask(record.value()), keptBytes);
        return Intake.rejected(new DeadLetter(
                rejection.reason(),
                PersonalDataMasker.mask(rejection.detail()),
                record.topic(),
                record.partition(),
                record.offset(),
                System.currentTimeMillis(),
                Base64.getEncoder().encodeToString(payload)));
    }

    @Override
    public TypeInformation<Intake> getProducedType() {
        return TypeInformation.of(Intake.class);
    }
}
