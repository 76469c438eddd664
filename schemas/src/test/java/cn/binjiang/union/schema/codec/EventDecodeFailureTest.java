package cn.binjiang.union.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.SampleEvents;
import cn.binjiang.union.schema.codec.EventDecodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventDecodeFailureTest {
    private static final EventCodec CODEC = EventCodec.fromClasspath();

    static Stream<SpecificRecordBase> events() {
        return Stream.concat(SampleEvents.everyEventType(), SampleEvents.everyEventTypeSparse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyPrefixOfAValidMessageIsTruncated(SpecificRecordBase event) {
        byte[] message = CODEC.encode(event);
        for (int length = 0; length < message.length; length++) {
            byte[] prefix = Arrays.copyOf(message, length);
            EventDecodeException failure = failure(prefix);

            assertThat(failure.reason()).as("prefix of %d bytes", length).isEqualTo(Reason.TRUNCATED);
            assertThat(failure.reason().deadLetterCode()).isEqualTo("undecodable");
            assertThat(failure).hasMessageContaining("message of " + length + " bytes");
            if (length < 10) {
                assertThat(failure).hasMessageContaining("shorter than the 10-byte single-object header");
            } else {
                assertThat(failure)
                        .hasMessageStartingWith("truncated body of " + EventStream.of(event) + " v")
                        .hasMessageContaining("only");
            }
        }
    }

    @Test
    void aMessageWithoutTheSingleObjectMarkerIsNotOurs() {
        byte[] message = CODEC.encode(SampleEvents.everyEventType().findFirst().orElseThrow());
        byte[] json = "{\"event_id\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] secondByteWrong = message.clone();
        secondByteWrong[1] = 0x02;

        assertReason(json, Reason.BAD_MAGIC)
                .hasMessage("message of 14 bytes starts 7b 22, not the Avro single-object marker c3 01");
        assertReason(secondByteWrong, Reason.BAD_MAGIC).hasMessageContaining("starts c3 02");
        assertReason(new byte[] {0x00}, Reason.BAD_MAGIC).hasMessageContaining("message of 1 bytes starts 00,");
    }

    @Test
    void anUnknownFingerprintIsAnUnknownSchemaAndNamedInHex() {
        byte[] message = CODEC.encode(SampleEvents.everyEventType().findFirst().orElseThrow());
        System.arraycopy(Messages.header(0x0123456789abcdefL), 0, message, 0, 10);

        EventDecodeException failure = failure(message);

        assertThat(failure.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
        assertThat(failure.reason().deadLetterCode()).isEqualTo("unknown_schema");
        assertThat(failure)
                .hasMessageContaining("fingerprint 0123456789abcdef")
                .hasMessageContaining("message of " + message.length + " bytes");
    }

    @Test
    void anEventOfAnotherStreamIsAnUnknownSchemaForThisOne() {
        byte[] enrollment =
                CODEC.encode(SampleEvents.everyEventType().findFirst().orElseThrow());

        var failure =
                catchThrowableOfType(EventDecodeException.class, () -> CODEC.decode(EventStream.TRAINING, enrollment));

        assertThat(failure.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
        assertThat(failure)
                .hasMessageContaining("written with enrollment v2")
                .hasMessageContaining("not with a schema of stream training");
    }

    @Test
    void bytesAfterTheRecordAreMalformed() throws Exception {
        byte[] message = CODEC.encode(SampleEvents.everyEventType().findFirst().orElseThrow());
        byte[] withGarbage = Arrays.copyOf(message, message.length + 3);
        String writer = CODEC.decodeAny(message).writer().toString();

        assertReason(withGarbage, Reason.MALFORMED)
                .hasMessage(
                        "3 bytes left over after the %s record in a message of %d bytes", writer, withGarbage.length);
    }

    @Test
    void aHugeLengthPrefixIsCheckedBeforeAnythingIsAllocated() {
        byte[] twoGigabyteString = Messages.of(EventStream.ENROLLMENT)
                .stringLength(Integer.MAX_VALUE)
                .toBytes();
        byte[] largestLength =
                Messages.of(EventStream.ENROLLMENT).stringLength(Long.MAX_VALUE).toBytes();

        assertReason(twoGigabyteString, Reason.TRUNCATED)
                .hasMessageContaining("string of 2147483647 bytes at offset 10, but only 0 bytes are left");
        assertReason(largestLength, Reason.TRUNCATED)
                .hasMessageContaining("string of 9223372036854775807 bytes at offset 10");
    }

    @Test
    void aHugeDecimalLengthIsCheckedToo() {
        byte[] message = Messages.of(EventStream.AID)
                .sparseEnvelope()
                .varint(1)
                .stringLength(1L << 40)
                .raw(1, 2, 3)
                .toBytes();

        assertReason(message, Reason.TRUNCATED).hasMessageContaining("bytes of 1099511627776 bytes at offset");
    }

    @Test
    void aNegativeLengthIsMalformed() {
        byte[] message = Messages.of(EventStream.ENROLLMENT).stringLength(-5).toBytes();

        assertReason(message, Reason.MALFORMED).hasMessageContaining("string length -5 at offset 10");
    }

    @Test
    void aUnionBranchOrEnumSymbolThatDoesNotExistIsMalformed() {
        byte[] streetBranch7 = Messages.of(EventStream.ENROLLMENT)
                .string("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
                .varlong(0)
                .string("crafted")
                .varint(7)
                .toBytes();
        byte[] eventType99 = Messages.of(EventStream.ENROLLMENT)
                .sparseEnvelope()
                .varint(99)
                .nulls(4)
                .toBytes();
        byte[] eventTypeNegative = Messages.of(EventStream.ENROLLMENT)
                .sparseEnvelope()
                .varint(-1)
                .nulls(4)
                .toBytes();

        assertReason(streetBranch7, Reason.MALFORMED).hasMessageStartingWith("malformed body of enrollment v2");
        assertReason(eventType99, Reason.MALFORMED);
        assertReason(eventTypeNegative, Reason.MALFORMED).hasMessageContaining("enum index -1");
    }

    @Test
    void valuesThatAvroCannotConvertAreMalformed() {
        byte[] notAUuid = Messages.of(EventStream.LEGAL)
                .string("not-a-uuid")
                .varlong(0)
                .string("crafted")
                .nulls(5)
                .varint(1)
                .nulls(3)
                .toBytes();
        byte[] emptyDecimal = Messages.of(EventStream.AID)
                .sparseEnvelope()
                .varint(1)
                .bytes(new byte[0])
                .nulls(2)
                .toBytes();

        assertReason(notAUuid, Reason.MALFORMED);
        assertReason(emptyDecimal, Reason.MALFORMED);
    }

    @Test
    void overlongOrOverflowingIntegersAreMalformed() {
        byte[] elevenByteLong = Messages.of(EventStream.ENROLLMENT)
                .string("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
                .raw(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)
                .toBytes();
        byte[] employeeCountOver32Bits = Messages.of(EventStream.ENROLLMENT)
                .sparseEnvelope()
                .varint(1)
                .nulls(2)
                .varint(1)
                .raw(0xff, 0xff, 0xff, 0xff, 0x7f)
                .nulls(1)
                .toBytes();

        assertReason(elevenByteLong, Reason.MALFORMED).hasMessageContaining("longer than 10 bytes or overflows");
        assertReason(employeeCountOver32Bits, Reason.MALFORMED).hasMessageContaining("does not fit 32 bits");
    }

    @Test
    void handMadeMessagesAreRightWhenNothingIsWrongWithThem() throws Exception {
        // Guards the tests above: each breaks exactly one thing in an otherwise valid message.
        byte[] sparseEnrollment = Messages.of(EventStream.ENROLLMENT)
                .sparseEnvelope()
                .varint(3)
                .nulls(4)
                .toBytes();
        byte[] sparseAid = Messages.of(EventStream.AID)
                .sparseEnvelope()
                .varint(1)
                .bytes(new byte[] {0x01})
                .nulls(2)
                .toBytes();

        assertThat(CODEC.decode(EventStream.ENROLLMENT, sparseEnrollment)
                        .getEventType()
                        .name())
                .isEqualTo("MEMBER_JOINED");
        assertThat(CODEC.decode(EventStream.AID, sparseAid).getAmountCny()).isEqualByComparingTo("0.01");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertReason(byte[] message, Reason reason) {
        EventDecodeException failure = failure(message);
        assertThat(failure.reason()).as(failure.getMessage()).isEqualTo(reason);
        return assertThat(failure);
    }

    private static EventDecodeException failure(byte[] message) {
        EventDecodeException failure = catchThrowableOfType(EventDecodeException.class, () -> CODEC.decodeAny(message));
        assertThat(failure).as("decoding should fail").isNotNull();
        return failure;
    }
}
