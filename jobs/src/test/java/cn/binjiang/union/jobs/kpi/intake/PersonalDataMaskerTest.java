package cn.binjiang.union.jobs.kpi.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.ids.CheckDigits;
import cn.binjiang.union.schema.ids.PersonalDataMasker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonalDataMaskerTest {
    private static final String MASKED_ID = "*".repeat(18);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            18 characters, check X                 | worker 11010519491231002X joined      | worker ****************** joined
            18 characters, lower-case x            | 身份证号11010519491231002x，已入会        | 身份证号******************，已入会
            18 digits in JSON                      | {"worker_id":"330106199003071236"}    | {"worker_id":"******************"}
            15-digit legacy ID                     | legacy 330106900307123;               | legacy ***************;
            17 digits without the check character  | id 33010619900307123 (cut off)        | id ***************** (cut off)
            grouped 6-8-4 with spaces              | ID 330106 19900307 123X here          | ID ****** ******** **** here
            grouped 6-8-4 with hyphens             | HH-330106-19900307-1236               | HH-******-********-****
            grouped 4-4-4-4-2                      | 3301 0619 9003 0712 36.               | **** **** **** **** **.
            grouped legacy 6-6-3                   | 330106-900307-123                     | ******-******-***
            household prefix glued                 | HH-330106199003071236                 | HH-******************
            """)
    void masksEveryShapeOfAnId(String shape, String text, String masked) {
        assertThat(PersonalDataMasker.mask(text)).as(shape).isEqualTo(masked);
        assertThat(PersonalDataMasker.mayHoldResidentId(text)).as(shape).isTrue();
    }

    @Test
    void masksIdsGluedToOtherDigits() {
        assertThat(PersonalDataMasker.mask("1234511010519491231002X")).isEqualTo("*".repeat(23));
        assertThat(PersonalDataMasker.mask("11010519491231002X110105194912310037"))
                .isEqualTo("*".repeat(36));
    }

    @Test
    void keepsCreditCodesThatPassTheirCheck() {
        for (String code :
                new String[] {"91330100716105852F", "9144030071526726XG", "913301007161000052", "91330100716100023X"}) {
            assertThat(CheckDigits.isValidCreditCode(code)).as(code).isTrue();
            assertThat(PersonalDataMasker.mask("enterprise " + code + " unknown"))
                    .as(code)
                    .isEqualTo("enterprise " + code + " unknown");
            assertThat(PersonalDataMasker.mayHoldResidentId(code)).as(code).isFalse();
        }
    }

    @Test
    void masksCreditCodeShapesThatFailTheirCheckOrMayBeAnId() {
        // 17 digits and a letter that is not the credit code's check character: the 17 digits may be an ID's
        assertThat(PersonalDataMasker.mask("91330100716105852G")).isEqualTo("*".repeat(17) + "G");
        // a valid resident ID that passes the credit-code check too
        String both = "330106199003070348";
        assertThat(CheckDigits.isValidCreditCode(both)).isTrue();
        assertThat(CheckDigits.isValidResidentId(both)).isTrue();
        assertThat(PersonalDataMasker.mask(both)).isEqualTo(MASKED_ID);
        // an ID mistyped in its check character (its check is 0) that the credit-code check takes for one
        String mistyped = "330106199003070032";
        assertThat(CheckDigits.isValidCreditCode(mistyped)).isTrue();
        assertThat(CheckDigits.failedResidentIdCheck(mistyped)).contains(CheckDigits.ResidentIdCheck.CHECK_CHARACTER);
        assertThat(PersonalDataMasker.mask(mistyped)).isEqualTo(MASKED_ID);
        // a credit code is kept only standing alone: glued to a letter it is 17 digits of something else
        assertThat(PersonalDataMasker.mask("A913301007161000052")).isEqualTo("A" + MASKED_ID);
    }

    @Test
    void leavesShorterNumbersAndOtherTextAlone() {
        String text =
                "offset 1637201730123, credit code 91330100716105852F, amount 784000.00, 14 digits 12345678901234X, "
                        + "date 2026-11-24 08:19:10, case BJ-L-00042";
        assertThat(PersonalDataMasker.mask(text)).isSameAs(text);
        assertThat(PersonalDataMasker.mayHoldResidentId(text)).isFalse();
    }

    @Test
    void masksAnIdEmbeddedInBinaryGarbage() throws Exception {
        byte[] garbage = new byte[200];
        new Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] >= '0' && garbage[i] <= '9' || garbage[i] == ' ' || garbage[i] == '-') {
                garbage[i] = (byte)
                        0x80; // keep the garbage itself free of digits and separators so the expectation is exact
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
        event.setUnionId("U-330106 19900307 123X");
        byte[] masked = PersonalDataMasker.mask(codec.encode(event));

        assertThat(new String(masked, StandardCharsets.ISO_8859_1)).doesNotContain(Events.WORKER);
        EnrollmentEvent decoded = codec.decode(EventStream.ENROLLMENT, masked);
        assertThat(decoded.getEnvelope().getWorkerId()).isEqualTo(MASKED_ID);
        assertThat(decoded.getUnionId()).isEqualTo("U-****** ******** ****");
        assertThat(decoded.getEnvelope().getEnterpriseCreditCode()).isEqualTo(Events.KNOWN_ENTERPRISE);
    }
}
