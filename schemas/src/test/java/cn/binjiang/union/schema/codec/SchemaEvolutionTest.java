package cn.binjiang.union.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.SampleEvents;
import cn.binjiang.union.schema.avro.GroupArea;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.history.SchemaHistory;
import cn.binjiang.union.schema.history.SchemaVersion;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The legal stream went from v1 to v2 by adding mediation_outcome, and every stream gained the envelope's revision and
 * withdrawn (legal v3, the others v2); both directions keep working.
 */
class SchemaEvolutionTest {
    private static final EventCodec CODEC = EventCodec.fromClasspath();
    private static final SchemaHistory HISTORY = SchemaHistory.fromClasspath();
    private static final SchemaVersion LEGAL_V1 =
            HISTORY.versions(EventStream.LEGAL).get(0);
    private static final UUID EVENT_ID = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    private static final long OCCURRED_AT = 1_638_238_530_123L;

    @Test
    void aV1ProducersMessageReadsAsTheCurrentRecordWithTheNewFieldAtItsDefault() throws Exception {
        // Written as an old producer would: a generic record of the v1 schema, Avro's own encoder.
        byte[] message = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), LEGAL_V1.schema())
                .encode(legalV1Event())
                .array();

        DecodedEvent decoded = CODEC.decodeAny(message);
        LegalEvent event = CODEC.decode(EventStream.LEGAL, message);

        assertThat(decoded.writer()).isEqualTo(LEGAL_V1);
        assertThat(decoded.event()).isEqualTo(event);
        assertThat(event.getEnvelope().getEventId()).isEqualTo(EVENT_ID);
        assertThat(event.getEnvelope().getOccurredAt()).isEqualTo(Instant.ofEpochMilli(OCCURRED_AT));
        assertThat(event.getEnvelope().getSourceSystem()).isEqualTo("legal-v1-producer");
        assertThat(event.getEnvelope().getStreet()).isEqualTo(Street.PUYAN);
        assertThat(event.getEnvelope().getEnterpriseCreditCode()).isEqualTo("91330108MA2CFTEST1");
        assertThat(event.getEnvelope().getWorkerId()).isNull();
        assertThat(event.getEventType()).isEqualTo(LegalEventType.DISPUTE_MEDIATED);
        assertThat(event.getCaseId()).isEqualTo("BJ-L-2021-0017");
        assertThat(event.getGroupArea()).isEqualTo(GroupArea.JIANGBEI);
        assertThat(event.getMediationOutcome())
                .as("added in v2, absent from v1")
                .isNull();
        assertThat(event.getEnvelope().getRevision())
                .as("an event from before revisions is its first sending")
                .isZero();
        assertThat(event.getEnvelope().getWithdrawn()).isFalse();
    }

    @Test
    void aV1ConsumerReadsWhatTheCurrentProducerWrites() throws Exception {
        LegalEvent current = (LegalEvent) SampleEvents.everyEventType()
                .filter(LegalEvent.class::isInstance)
                .reduce((a, b) -> b)
                .orElseThrow();
        current.getEnvelope().setRevision(2);
        current.getEnvelope().setWithdrawn(true);
        byte[] message = CODEC.encode(current);
        byte[] body = Arrays.copyOfRange(message, 10, message.length);

        GenericRecord asV1 = new GenericDatumReader<GenericRecord>(EventStream.LEGAL.schema(), LEGAL_V1.schema())
                .read(null, DecoderFactory.get().binaryDecoder(body, null));

        assertThat(asV1.getSchema().getField("mediation_outcome")).isNull();
        assertThat(((GenericRecord) asV1.get("envelope")).get("event_id").toString())
                .as("a withdrawal reads as a copy of its event to a consumer from before revisions")
                .isEqualTo(current.getEnvelope().getEventId().toString());
        assertThat(asV1.get("case_id").toString()).isEqualTo(current.getCaseId());
        assertThat(asV1.get("event_type").toString())
                .isEqualTo(current.getEventType().name());
    }

    @Test
    void anEventTypeAddedLaterReadsAsUnknownRatherThanFailing() throws Exception {
        // Why every enum has the default symbol UNKNOWN: a writer one version ahead may use a symbol
        // this reader has never heard of.
        Schema withArbitration = new Schema.Parser()
                .parse(EventStream.LEGAL
                        .schema()
                        .toString()
                        .replace("\"DISPUTE_MEDIATED\"]", "\"DISPUTE_MEDIATED\",\"DISPUTE_ARBITRATED\"]"));
        GenericRecord arbitrated = new GenericData.Record(withArbitration);
        arbitrated.put("envelope", envelope(withArbitration));
        arbitrated.put(
                "event_type",
                new GenericData.EnumSymbol(
                        withArbitration.getField("event_type").schema(), "DISPUTE_ARBITRATED"));

        var out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(withArbitration).write(arbitrated, encoder);
        LegalEvent read = new SpecificDatumReader<LegalEvent>(withArbitration, EventStream.LEGAL.schema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read.getEventType()).isEqualTo(LegalEventType.UNKNOWN);
    }

    private static GenericRecord legalV1Event() {
        Schema v1 = LEGAL_V1.schema();
        return new GenericRecordBuilder(v1)
                .set("envelope", envelope(v1))
                .set(
                        "event_type",
                        new GenericData.EnumSymbol(v1.getField("event_type").schema(), "DISPUTE_MEDIATED"))
                .set("case_id", "BJ-L-2021-0017")
                .set(
                        "group_area",
                        new GenericData.EnumSymbol(
                                v1.getField("group_area").schema().getTypes().get(1), "JIANGBEI"))
                .build();
    }

    private static GenericRecord envelope(Schema event) {
        Schema envelope = event.getField("envelope").schema();
        return new GenericRecordBuilder(envelope)
                .set("event_id", EVENT_ID.toString())
                .set("occurred_at", OCCURRED_AT)
                .set("source_system", "legal-v1-producer")
                .set(
                        "street",
                        new GenericData.EnumSymbol(
                                envelope.getField("street").schema().getTypes().get(1), "PUYAN"))
                .set("enterprise_credit_code", "91330108MA2CFTEST1")
                .build();
    }
}
