package cn.binjiang.union.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder against Avro's own encoders on every Avro type, including those no stream schema
 * uses yet (a later version may), read in full and skipped by schema resolution.
 */
class BoundedBinaryDecoderTest {
    private static final Schema EVERY_TYPE = SchemaBuilder.record("EveryType")
            .fields()
            .requiredBoolean("yes")
            .requiredBoolean("no")
            .requiredInt("int")
            .requiredLong("long")
            .requiredFloat("float")
            .requiredDouble("double")
            .requiredString("string")
            .requiredBytes("bytes")
            .name("fixed")
            .type()
            .fixed("Four")
            .size(4)
            .noDefault()
            .name("enum")
            .type()
            .enumeration("Colour")
            .symbols("RED", "GREEN")
            .noDefault()
            .name("array")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .name("map")
            .type()
            .map()
            .values()
            .longType()
            .noDefault()
            .name("union")
            .type()
            .unionOf()
            .nullType()
            .and()
            .stringType()
            .and()
            .intType()
            .endUnion()
            .noDefault()
            .name("nested")
            .type()
            .record("Nested")
            .fields()
            .requiredLong("n")
            .endRecord()
            .noDefault()
            .requiredInt("last")
            .endRecord();
    private static final Schema ONLY_LAST =
            SchemaBuilder.record("EveryType").fields().requiredInt("last").endRecord();

    private static GenericRecord everyType() {
        GenericRecord record = new GenericData.Record(EVERY_TYPE);
        record.put("yes", true);
        record.put("no", false);
        record.put("int", Integer.MIN_VALUE);
        record.put("long", Long.MAX_VALUE);
        record.put("float", 2.5f);
        record.put("double", -1e300);
        record.put("string", "滨江工匠");
        record.put("bytes", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("fixed", new GenericData.Fixed(EVERY_TYPE.getField("fixed").schema(), new byte[] {9, 8, 7, 6}));
        record.put(
                "enum", new GenericData.EnumSymbol(EVERY_TYPE.getField("enum").schema(), "GREEN"));
        record.put("array", List.of("江北", "江南", ""));
        record.put("map", Map.of("西兴", 1L, "长河", -2L));
        record.put("union", 949);
        GenericRecord nested =
                new GenericData.Record(EVERY_TYPE.getField("nested").schema());
        nested.put("n", 247_000L);
        record.put("nested", nested);
        record.put("last", 42);
        return record;
    }

    /** Plain encoding writes item counts; blocking encoding writes negative counts with byte sizes. */
    private static byte[] encode(GenericRecord record, boolean blocking) throws IOException {
        var out = new ByteArrayOutputStream();
        Encoder encoder = blocking
                ? EncoderFactory.get().blockingBinaryEncoder(out, null)
                : EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @ParameterizedTest(name = "blocking encoder: {0}")
    @ValueSource(booleans = {false, true})
    void readsEveryTypeAsAvroWroteIt(boolean blocking) throws IOException {
        GenericRecord written = everyType();
        var decoder = new BoundedBinaryDecoder(encode(written, blocking), 0);

        GenericRecord read = new GenericDatumReader<GenericRecord>(EVERY_TYPE).read(null, decoder);

        assertThat(read).isEqualTo(written);
        assertThat(decoder.remaining()).isZero();
    }

    @ParameterizedTest(name = "blocking encoder: {0}")
    @ValueSource(booleans = {false, true})
    void skipsEveryTypeAReaderDoesNotWant(boolean blocking) throws IOException {
        var decoder = new BoundedBinaryDecoder(encode(everyType(), blocking), 0);

        GenericRecord read = new GenericDatumReader<GenericRecord>(EVERY_TYPE, ONLY_LAST).read(null, decoder);

        assertThat(read.get("last")).isEqualTo(42);
        assertThat(decoder.remaining()).isZero();
    }

    @Test
    void aBooleanIsZeroOrOne() {
        assertThatThrownBy(() -> new BoundedBinaryDecoder(new byte[] {2}, 0).readBoolean())
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(EOFException.class)
                .hasMessage("boolean byte 02 at offset 0");
    }

    @Test
    void aBlockCannotClaimMoreItemsThanBytesLeft() {
        byte[] millionItems = {(byte) 0x80, (byte) 0x89, 0x7a, 1, 2};

        assertThatThrownBy(() -> new BoundedBinaryDecoder(millionItems, 0).readArrayStart())
                .isInstanceOf(EOFException.class)
                .hasMessage("block of 1000000 items at offset 3, but only 2 bytes are left");
        assertThatThrownBy(() -> new BoundedBinaryDecoder(millionItems, 0).skipMap())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aFixedOrFloatPastTheEndIsTruncated() {
        assertThatThrownBy(() -> new BoundedBinaryDecoder(new byte[] {1, 2}, 0).readFixed(new byte[4], 0, 4))
                .isInstanceOf(EOFException.class)
                .hasMessage("4 bytes needed at offset 0, but only 2 are left");
        assertThatThrownBy(() -> new BoundedBinaryDecoder(new byte[] {1, 2, 3}, 0).readFloat())
                .isInstanceOf(EOFException.class);
    }
}
