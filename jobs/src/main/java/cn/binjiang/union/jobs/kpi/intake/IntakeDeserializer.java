package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import java.time.Clock;
import java.time.Duration;
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
 * The intake, run inside the Kafka source so that event time is known per partition: decodes each
 * record, validates it, replaces the resident ID by its keyed pseudonym and re-encodes it. A record
 * that cannot be accepted becomes a dead letter with its reason, its source position and its
 * bytes with resident IDs masked: bad input never stops the job and is never dropped silently.
 */
public final class IntakeDeserializer implements KafkaRecordDeserializationSchema<Intake> {
    private static final long serialVersionUID = 1L;
    static final String EMPTY_RECORD = "undecodable";

    private final ReferenceDataSource referenceData;
    private final Duration clockSkew;
    private final String hmacKey;
    private transient EventCodec codec;
    private transient EventValidator validator;
    private transient WorkerIdPseudonymiser pseudonymiser;
    private transient Counter accepted;
    private transient Counter rejected;

    public IntakeDeserializer(ReferenceDataSource referenceData, Duration clockSkew, String hmacKey) {
        this.referenceData = referenceData;
        this.clockSkew = clockSkew;
        this.hmacKey = hmacKey;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        codec = EventCodec.fromClasspath();
        validator = new EventValidator(referenceData.load(), clockSkew, Clock.systemUTC());
        pseudonymiser = WorkerIdPseudonymiser.withKey(hmacKey);
        accepted = context.getMetricGroup().counter("eventsAccepted");
        rejected = context.getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Intake> out) {
        if (record.value() == null || record.value().length == 0) {
            out.collect(reject(record, EMPTY_RECORD, "the record has no value"));
            return;
        }
        DecodedEvent decoded;
        try {
            decoded = codec.decodeAny(record.value());
        } catch (EventDecodeException e) {
            out.collect(reject(record, e.reason().deadLetterCode(), e.getMessage()));
            return;
        }
        EventStream<?> stream = decoded.stream();
        SpecificRecordBase event = decoded.event();
        Optional<String> problem = validator.firstProblem(stream, event);
        if (problem.isPresent()) {
            out.collect(reject(record, problem.get(), stream.name() + " event failed validation: " + problem.get()));
            return;
        }
        pseudonymiser.pseudonymise(event);
        Envelope envelope = EventStream.of(event).envelopeOf(event);
        accepted.inc();
        out.collect(Intake.accepted(new AcceptedEvent(envelope.getEventId().toString(), stream.name(),
                envelope.getOccurredAt().toEpochMilli(), codec.encode(event), record.topic(), record.partition(), record.offset())));
    }

    private Intake reject(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
        rejected.inc();
        byte[] payload = record.value() == null ? new byte[0] : PersonalDataMasker.mask(record.value());
        return Intake.rejected(new DeadLetter(reason, PersonalDataMasker.mask(detail), record.topic(), record.partition(),
                record.offset(), System.currentTimeMillis(), Base64.getEncoder().encodeToString(payload)));
    }

    @Override
    public TypeInformation<Intake> getProducedType() {
        return TypeInformation.of(Intake.class);
    }
}
