package cn.binjiang.union.schema.codec;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one message held in a byte array, that never trusts a length.
 *
 * <p>Avro's own {@code BinaryDecoder} allocates a string, a byte buffer or an array as large as the
 * length prefix says before it reads a byte of it, so one flipped bit can ask for gigabytes. Here
 * every string or bytes length, fixed size and block item count is checked against the bytes left
 * in the message before anything is allocated: nothing larger than the message itself is ever
 * allocated. (Avro's {@code org.apache.avro.limits.*} system properties would cap lengths too, but
 * only JVM-wide and only if set before Avro's classes load.)
 *
 * <p>Running past the end throws {@link EOFException}; any other violation of the encoding throws
 * a plain {@link IOException}. Both messages give offsets and sizes, never content. One instance
 * per message; not thread-safe.
 */
final class BoundedBinaryDecoder extends Decoder {
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private int position;

    BoundedBinaryDecoder(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    /** Bytes not yet read: non-zero after a whole record means trailing garbage. */
    int remaining() {
        return bytes.length - position;
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        int at = take(1);
        // Avro reads any byte but 1 as false; only 0 and 1 are ever written.
        if (bytes[at] != 0 && bytes[at] != 1) {
            throw new IOException(String.format("boolean byte %02x at offset %d", bytes[at], at));
        }
        return bytes[at] == 1;
    }

    @Override
    public int readInt() throws IOException {
        int at = position;
        long raw = readVarint(5);
        if (raw >>> 32 != 0) {
            throw new IOException("int at offset " + at + " does not fit 32 bits");
        }
        return (int) (raw >>> 1) ^ -(int) (raw & 1);
    }

    @Override
    public long readLong() throws IOException {
        long raw = readVarint(10);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** The raw (still zig-zag encoded) value of a variable-length integer of at most maxBytes bytes. */
    private long readVarint(int maxBytes) throws IOException {
        int at = position;
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = bytes[take(1)] & 0xff;
            // The tenth byte of a long has room for one bit only.
            if (i == 9 && b > 1) {
                break;
            }
            raw |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                return raw;
            }
        }
        throw new IOException(
                "variable-length integer at offset " + at + " is longer than " + maxBytes + " bytes or overflows");
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat((int) INT_LE.get(bytes, take(Float.BYTES)));
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble((long) LONG_LE.get(bytes, take(Double.BYTES)));
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readSize("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(bytes, take(length), result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readSize("string");
        return new String(bytes, take(length), length, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        take(readSize("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        // A fresh buffer every time: decoded events are handed on, never reused.
        int length = readSize("bytes");
        int start = take(length);
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, start, start + length));
    }

    @Override
    public void skipBytes() throws IOException {
        take(readSize("bytes"));
    }

    @Override
    public void readFixed(byte[] target, int start, int length) throws IOException {
        System.arraycopy(bytes, take(length), target, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        take(length);
    }

    @Override
    public int readEnum() throws IOException {
        return readNonNegativeInt("enum index");
    }

    @Override
    public int readIndex() throws IOException {
        return readNonNegativeInt("union branch index");
    }

    @Override
    public long readArrayStart() throws IOException {
        return readBlockCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return readBlockCount();
    }

    @Override
    public long readMapStart() throws IOException {
        return readBlockCount();
    }

    @Override
    public long mapNext() throws IOException {
        return readBlockCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipSizedBlocks();
    }

    @Override
    public long skipMap() throws IOException {
        return skipSizedBlocks();
    }

    /**
     * Skips the blocks that carry their byte size and returns the item count of the first one that
     * does not (0 at the end), which the caller then skips item by item.
     */
    private long skipSizedBlocks() throws IOException {
        long count = readLong();
        while (count < 0) {
            take(readSize("array or map block"));
            count = readLong();
        }
        return checkItemCount(count);
    }

    /** The item count of the next block; a negative count is followed by the block's byte size. */
    private long readBlockCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new IOException("block item count at offset " + position + " overflows");
            }
            count = -count;
            readSize("array or map block");
        }
        return checkItemCount(count);
    }

    /**
     * Every item takes at least one byte, except items of type null or of an empty record, which no
     * stream schema has: so a block cannot hold more items than there are bytes left.
     */
    private long checkItemCount(long count) throws EOFException {
        if (count > remaining()) {
            throw new EOFException(String.format(
                    "block of %d items at offset %d, but only %d bytes are left", count, position, remaining()));
        }
        return count;
    }

    private int readNonNegativeInt(String what) throws IOException {
        int at = position;
        int value = readInt();
        if (value < 0) {
            throw new IOException(what + " " + value + " at offset " + at);
        }
        return value;
    }

    /** A length prefix, checked against the bytes left so that it can be allocated safely. */
    private int readSize(String what) throws IOException {
        int at = position;
        long size = readLong();
        if (size < 0) {
            throw new IOException(what + " length " + size + " at offset " + at);
        }
        if (size > remaining()) {
            throw new EOFException(String.format(
                    "%s of %d bytes at offset %d, but only %d bytes are left", what, size, at, remaining()));
        }
        return (int) size;
    }

    /** Claims the next count bytes and returns the offset of the first. */
    private int take(int count) throws EOFException {
        if (count > remaining()) {
            throw new EOFException(
                    String.format("%d bytes needed at offset %d, but only %d are left", count, position, remaining()));
        }
        int start = position;
        position += count;
        return start;
    }
}
