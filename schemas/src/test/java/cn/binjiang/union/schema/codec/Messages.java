package cn.binjiang.union.schema.codec;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.history.Fingerprint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Hand-made messages for the failure tests: a single-object header built here rather than by the
 * codec, and a body written value by value with Avro's own encoder, with raw bytes where a test
 * needs an encoding that no encoder would produce.
 */
final class Messages {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Unbuffered, so raw bytes and encoded values land in the order they are written.
    private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);

    private Messages(long fingerprint) {
        out.writeBytes(header(fingerprint));
    }

    static byte[] header(long fingerprint) {
        return ByteBuffer.allocate(10)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .putLong(fingerprint)
                .array();
    }

    /** A message in the current schema of a stream. */
    static Messages of(EventStream<?> stream) {
        return new Messages(Fingerprint.of(stream.schema()));
    }

    /**
     * The envelope's three required fields, every optional field of the envelope null, then revision 0, not
     * withdrawn.
     */
    Messages sparseEnvelope() {
        return string(UUID.randomUUID().toString())
                .varlong(1_638_238_530_123L)
                .string("crafted")
                .nulls(5)
                .varint(0)
                .raw(0);
    }

    Messages string(String value) {
        return write(() -> encoder.writeString(value));
    }

    /** A length prefix with no bytes behind it. */
    Messages stringLength(long length) {
        return varlong(length);
    }

    Messages varlong(long value) {
        return write(() -> encoder.writeLong(value));
    }

    Messages varint(int value) {
        return write(() -> encoder.writeInt(value));
    }

    Messages bytes(byte[] value) {
        return write(() -> encoder.writeBytes(value));
    }

    /** Union branch 0, which is null in every optional field. */
    Messages nulls(int count) {
        for (int i = 0; i < count; i++) {
            varint(0);
        }
        return this;
    }

    Messages raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private Messages write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
