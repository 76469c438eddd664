package cn.binjiang.union.jobs.kpi.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.codec.EventCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersonalDataMaskerTest {
    private static final String MASKED_ID = "*".repeat(18);

    @Test
    void masksIdsInText() {
        assertThat(PersonalDataMasker.mask("worker 11010519491231002X joined"))
                .isEqualTo("worker " + MASKED_ID + " joined");
        assertThat(PersonalDataMasker.mask("身份证号11010519491231002x，已入会"))
                .isEqualTo("身份证号" + MASKED_ID + "，已入会");
        assertThat(PersonalDataMasker.mask("legacy 110105491231002;")).isEqualTo("legacy " + "*".repeat(15) + ";");
        assertThat(PersonalDataMasker.mask("{\"worker_id\":\"110105194912310037\"}"))
                .isEqualTo("{\"worker_id\":\"" + MASKED_ID + "\"}");
    }

    @Test
    void masksIdsGluedToOtherDigits() {
        assertThat(PersonalDataMasker.mask("1234511010519491231002X")).isEqualTo("*".repeat(23));
        assertThat(PersonalDataMasker.mask("11010519491231002X110105194912310037")).isEqualTo("*".repeat(36));
    }

    @Test
    void keepsCreditCodesButNotIdsShapedLikeOne() {
        String creditCode = "91330100716105852F";
        assertThat(PersonalDataMasker.mask(creditCode)).isSameAs(creditCode);
        // privacy first: 16 digits may be a legacy ID glued to a digit, so this one is masked
        assertThat(PersonalDataMasker.mask("9144030071526726XG")).isEqualTo("*".repeat(17) + "G");
        assertThat(PersonalDataMasker.mask("a 17-digit run followed by X 11010519491231002X"))
                .endsWith(" " + MASKED_ID);
    }

    @Test
    void leavesShorterNumbersAndOtherTextAlone() {
        String text = "offset 1637201730123, credit code 91330100716105852F, amount 784000.00, 14 digits 12345678901234X";
        assertThat(PersonalDataMasker.mask(text)).isSameAs(text);
    }

    @Test
    void masksAnIdEmbeddedInBinaryGarbage() throws Exception {
        byte[] garbage = new byte[200];
        new Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] >= '0' && garbage[i] <= '9') {
                garbage[i] = (byte) 0x80; // keep the garbage itself digit-free so the expectation is exact
            }
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(garbage, 0, 100);
        payload.write(Events.WORKER.getBytes(StandardCharsets.US_ASCII));
        payload.write(garbage, 100, 100);
        byte[] bytes = payload.toByteArray();

        byte[] masked = PersonalDataMasker.mask(bytes);

        byte[] expected = bytes.clone();
        Arrays.fill(expected, 100, 118, (byte) '*');
        assertThat(masked).isEqualTo(expected);
        assertThat(bytes).as("input untouched").isNotEqualTo(masked);
    }

    @Test
    void aMaskedAvroPayloadStillDecodesWithTheIdMasked() throws Exception {
        EventCodec codec = EventCodec.fromClasspath();
        EnrollmentEvent event = Events.enrollment(EnrollmentEventType.MEMBER_JOINED);
        byte[] masked = PersonalDataMasker.mask(codec.encode(event));

        assertThat(new String(masked, StandardCharsets.ISO_8859_1)).doesNotContain(Events.WORKER);
        EnrollmentEvent decoded = codec.decode(EventStream.ENROLLMENT, masked);
        assertThat(decoded.getEnvelope().getWorkerId()).isEqualTo(MASKED_ID);
        assertThat(decoded.getEnvelope().getEnterpriseCreditCode()).isEqualTo(Events.KNOWN_ENTERPRISE);
    }
}
