package cn.binjiang.union.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.SampleEvents;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.history.SchemaHistory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecRoundTripTest {
    private static final EventCodec CODEC = EventCodec.fromClasspath();
    private static final SchemaHistory HISTORY = SchemaHistory.fromClasspath();

    static Stream<SpecificRecordBase> events() {
        return Stream.concat(SampleEvents.everyEventType(), SampleEvents.everyEventTypeSparse());
    }

    @Test
    void samplesCoverEveryEventTypeOfEveryStreamInBothShapes() {
        assertThat(SampleEvents.everyEventType().map(e -> e.getSchema().getName() + "." + type(e)))
                .hasSize(5 + 4 + 6 + 2 + 4)
                .doesNotHaveDuplicates()
                .contains("EnrollmentEvent.UNION_FOUNDED", "CompetitionEvent.CRAFTSMAN_NAMED", "AidEvent.AID_PAID");
        assertThat(events()).hasSize(2 * 21);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    <T extends SpecificRecordBase> void roundTripKeepsEveryField(T event) throws Exception {
        EventStream<T> stream = EventStream.of(event);

        byte[] message = CODEC.encode(event);
        T decoded = CODEC.decode(stream, message);

        assertThat(decoded).isEqualTo(event).isNotSameAs(event);
        assertThat(decoded.toString()).isEqualTo(event.toString());
        for (int field = 0; field < event.getSchema().getFields().size(); field++) {
            assertThat(decoded.get(field))
                    .as(event.getSchema().getFields().get(field).name())
                    .isEqualTo(event.get(field));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void decodingWithoutKnowingTheStreamFindsStreamAndVersion(SpecificRecordBase event) throws Exception {
        DecodedEvent decoded = CODEC.decodeAny(CODEC.encode(event));

        assertThat(decoded.stream()).isSameAs(EventStream.of(event));
        assertThat(decoded.writer()).isEqualTo(HISTORY.newest(decoded.stream()));
        assertThat(decoded.event()).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void encodingIsAvrosOwnSingleObjectEncoding(SpecificRecordBase event) throws Exception {
        var reference = new BinaryMessageEncoder<SpecificRecordBase>(
                SpecificData.getForClass(event.getClass()), event.getSchema());

        assertThat(CODEC.encode(event)).isEqualTo(reference.encode(event).array());
    }

    @Test
    void amountsAndHoursKeepTheirExactDecimalValue() throws Exception {
        AidEvent aid = (AidEvent) SampleEvents.everyEventType()
                .filter(AidEvent.class::isInstance)
                .findFirst()
                .orElseThrow();
        aid.setAmountCny(new BigDecimal("784000.00"));
        TrainingEvent training = (TrainingEvent) SampleEvents.everyEventType()
                .filter(TrainingEvent.class::isInstance)
                .findFirst()
                .orElseThrow();
        training.setHours(new BigDecimal("0.25"));

        assertThat(CODEC.decode(EventStream.AID, CODEC.encode(aid)).getAmountCny())
                .isEqualByComparingTo("784000.00");
        assertThat(CODEC.decode(EventStream.TRAINING, CODEC.encode(training)).getHours())
                .isEqualTo(new BigDecimal("0.25"));
    }

    @Test
    void anEventThatDoesNotFitItsSchemaIsAProducerBug() {
        EnrollmentEvent missingSource =
                (EnrollmentEvent) SampleEvents.everyEventType().findFirst().orElseThrow();
        missingSource.getEnvelope().setSourceSystem(null);
        AidEvent tooPrecise = (AidEvent) SampleEvents.everyEventType()
                .filter(AidEvent.class::isInstance)
                .findFirst()
                .orElseThrow();
        tooPrecise.setAmountCny(new BigDecimal("0.001"));

        assertThatThrownBy(() -> CODEC.encode(missingSource))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot encode EnrollmentEvent");
        assertThatThrownBy(() -> CODEC.encode(tooPrecise))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> CODEC.encode(missingSource.getEnvelope()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the record of any event stream");
    }

    @Test
    void envelopeAndEventTypeAreReachableForEveryStream() {
        SampleEvents.everyEventType().forEach(event -> {
            assertThat(envelopeOf(event).getSourceSystem()).isEqualTo("sample-events");
            assertThat(type(event)).isNotEqualTo("UNKNOWN");
        });
        EnrollmentEvent event =
                (EnrollmentEvent) SampleEvents.everyEventType().findFirst().orElseThrow();
        EventStream.ENROLLMENT.envelopeOf(event).setWorkerId("pseudonym");
        assertThat(event.getEnvelope().getWorkerId()).isEqualTo("pseudonym");
    }

    @Test
    void streamsAreFoundByTopicName() {
        assertThat(EventStream.all())
                .extracting(EventStream::name)
                .containsExactly("enrollment", "training", "competition", "aid", "legal");
        assertThat(EventStream.named("aid")).containsSame(EventStream.AID);
        assertThat(EventStream.named("kpi-updates")).isEmpty();
    }

    @Test
    void codecAndStreamsSurviveJavaSerialisationAsFlinkShipsThem() throws Exception {
        SpecificRecordBase event = SampleEvents.everyEventType().findFirst().orElseThrow();

        EventCodec shipped = (EventCodec) reserialise(CODEC);

        assertThat(shipped).isNotSameAs(CODEC);
        assertThat(shipped.decodeAny(CODEC.encode(event)).event()).isEqualTo(event);
        assertThat(reserialise(EventStream.LEGAL)).isSameAs(EventStream.LEGAL);
    }

    private static Object reserialise(Object object) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    private static <T extends SpecificRecordBase> String type(T event) {
        return EventStream.of(event).eventTypeOf(event).name();
    }

    private static <T extends SpecificRecordBase> Envelope envelopeOf(T event) {
        return EventStream.of(event).envelopeOf(event);
    }
}
