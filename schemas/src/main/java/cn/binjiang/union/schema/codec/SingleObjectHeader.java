package cn.binjiang.union.schema.codec;

import cn.binjiang.union.schema.codec.EventDecodeException.Reason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 10-byte header of Avro single-object encoding: the marker {@code C3 01}, then the writer
 * schema's CRC-64-AVRO fingerprint as 8 bytes little-endian.
 */
final class SingleObjectHeader {
    static final int LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;
    private static final int FINGERPRINT_OFFSET = 2;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SingleObjectHeader() {}

    static byte[] of(long fingerprint) {
        byte[] header = new byte[LENGTH];
        header[0] = MAGIC_0;
        header[1] = MAGIC_1;
        LONG_LE.set(header, FINGERPRINT_OFFSET, fingerprint);
        return header;
    }

    /** The writer's fingerprint, once the marker and the length are checked. */
    static long fingerprintOf(byte[] message) throws EventDecodeException {
        // The marker is checked before the length, so that a short foreign message is reported as
        // foreign rather than as a cut-off message of ours.
        if ((message.length > 0 && message[0] != MAGIC_0) || (message.length > 1 && message[1] != MAGIC_1)) {
            throw new EventDecodeException(
                    Reason.BAD_MAGIC,
                    String.format(
                            "message of %d bytes starts %s, not the Avro single-object marker c3 01",
                            message.length, startOf(message)));
        }
        if (message.length < LENGTH) {
            throw new EventDecodeException(
                    Reason.TRUNCATED,
                    String.format(
                            "message of %d bytes is shorter than the %d-byte single-object header",
                            message.length, LENGTH));
        }
        return (long) LONG_LE.get(message, FINGERPRINT_OFFSET);
    }

    private static String startOf(byte[] message) {
        return message.length == 1
                ? String.format("%02x", message[0])
                : String.format("%02x %02x", message[0], message[1]);
    }
}
