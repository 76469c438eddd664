package cn.binjiang.union.jobs.kpi.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntakeDeserializerTest {
    private static final String KEY = "a test key of at least thirty-two bytes";
    private static final int MAX_BYTES = 2_000;
    private final EventCodec codec = EventCodec.fromClasspath();
    private final IntakeDeserializer intake =
            new IntakeDeserializer(Events::referenceData, Duration.ofDays(36_500), KEY, "p-", MAX_BYTES);

    @BeforeEach
    void open() throws Exception {
        intake.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        });
    }

    @Test
    void anEventOnItsOwnTopicIsAcceptedWithItsHouseholdPseudonymised() throws Exception {
        AidEvent paid = Events.aid(AidEventType.AID_PAID, "100.00");
        paid.setHouseholdId("HH-330106199003071236");

        Intake read = read("p-aid", codec.encode(paid));

        assertThat(read.isAccepted()).isTrue();
        AidEvent stored = codec.decode(EventStream.AID, read.accepted().payload());
        assertThat(stored.getHouseholdId())
                .isEqualTo(ResidentIdPseudonymiser.withKey(KEY).pseudonym("HH-330106199003071236"));
    }

    @Test
    void anEventOnAnotherStreamsTopicIsRejectedAsWrongStream() {
        DeadLetter rejected = rejected("p-aid", codec.encode(Events.legal(LegalEventType.DISPUTE_RECEIVED)));

        assertThat(rejected.reason()).isEqualTo("wrong_stream");
        assertThat(rejected.detail()).isEqualTo("topic p-aid carries an event of stream legal, whose topic is p-legal");
    }

    @Test
    void aRecordOverTheLimitIsRejectedUndecodedKeepingAMaskedPrefix() {
        byte[] value = new byte[MAX_BYTES + 1];
        Arrays.fill(value, (byte) 'a');
        byte[] id = "330106199003071236".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, value, 1_015, id.length); // across the 1 KiB kept: masked whole before the cut

        DeadLetter rejected = rejected("p-enrollment", value);

        assertThat(rejected.reason()).isEqualTo("too_large");
        assertThat(rejected.detail())
                .isEqualTo("the record is 2001 bytes, over the limit of 2000 (kpi.max-record-size); "
                        + "not decoded, its first 1024 bytes kept");
        byte[] expected = new byte[1024];
        Arrays.fill(expected, (byte) 'a');
        Arrays.fill(expected, 1_015, 1_024, (byte) '*');
        assertThat(Base64.getDecoder().decode(rejected.payloadBase64())).isEqualTo(expected);
        assertThat(rejected("p-enrollment", Arrays.copyOf(value, MAX_BYTES)).reason())
                .as("at the limit: decoded")
                .isEqualTo("undecodable");
    }

    @Test
    void aRejectedEventKeepsItsPayloadWithTheIdMaskedAndADetailWithout() throws Exception {
        SpecificRecordBase joined = Events.enrollment(EnrollmentEventType.MEMBER_JOINED);
        EventStream.of(joined).envelopeOf(joined).setWorkerId("330106199003071230");
        // a fixed id: one of Events' random ones now and then has 15 digits in a row across its groups, which the
        // masker takes for a resident ID too (it over-masks rather than misses), and the masked payload no longer
        // decodes
        EventStream.of(joined).envelopeOf(joined).setEventId(UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));

        DeadLetter rejected = rejected("p-enrollment", codec.encode(joined));

        assertThat(rejected.reason()).isEqualTo("invalid_field:worker_id");
        assertThat(rejected.detail())
                .isEqualTo("enrollment MEMBER_JOINED: worker_id fails the check character (ISO 7064 MOD 11-2)");
        assertThat(codec.decode(EventStream.ENROLLMENT, Base64.getDecoder().decode(rejected.payloadBase64()))
                        .getEnvelope()
                        .getWorkerId())
                .isEqualTo("*".repeat(18));
    }

    private DeadLetter rejected(String topic, byte[] value) {
        Intake read = read(topic, value);
        assertThat(read.isAccepted()).isFalse();
        return read.rejected();
    }

    private Intake read(String topic, byte[] value) {
        List<Intake> out = new ArrayList<>();
        intake.deserialize(new ConsumerRecord<>(topic, 0, 7L, null, value), new Collector<>() {
            @Override
            public void collect(Intake record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
