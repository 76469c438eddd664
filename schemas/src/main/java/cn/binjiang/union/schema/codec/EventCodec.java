package cn.binjiang.union.schema.codec;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventDecodeException.Reason;
import cn.binjiang.union.schema.history.Fingerprint;
import cn.binjiang.union.schema.history.SchemaHistory;
import cn.binjiang.union.schema.history.SchemaVersion;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes the events of all five streams as Avro single-object messages ({@code C3 01}, the
 * writer schema's 8-byte little-endian CRC-64-AVRO fingerprint, the Avro binary body) and decodes
 * them back, resolving the writer's schema by its fingerprint in the {@link SchemaHistory}.
 *
 * <p>Encoding always writes the current schema of the event's stream, which must be the newest
 * version in the history (checked at construction, so no producer can write what no reader
 * knows). Decoding reads any released version into the current record class, filling fields the
 * writer did not have with their defaults. A reader therefore knows every version up to its own:
 * deploy consumers before producers when a schema evolves.
 *
 * <p>Decoding is built for hostile input: every failure, whatever the bytes, is an {@link
 * EventDecodeException} with its {@link Reason}; no length in a message can make it allocate more
 * than the message's own size; and bytes left over after the record are rejected.
 *
 * <p>Thread-safe: the tables are built once in the constructor and never change, and Avro's datum
 * readers and writers keep their per-call state per thread (the same sharing Avro's own
 * thread-safe {@code BinaryMessageDecoder} relies on). One instance can serve a whole process.
 * It is {@link Serializable} for Flink functions: it travels as a token and is rebuilt from the
 * classpath history where it is deserialised (the history is code, shipped in this jar).
 */
public final class EventCodec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<Long, WriterVersion> readersByFingerprint = new HashMap<>();
    private final Map<Class<?>, CurrentWriter> writersByClass = new HashMap<>();

    /** A released writer version and the reader that resolves it into the current record class. */
    private record WriterVersion(SchemaVersion version, DatumReader<SpecificRecordBase> reader) {}

    /** How a stream's events are written now: the header of its current schema and its writer. */
    private record CurrentWriter(byte[] header, DatumWriter<SpecificRecordBase> writer) {}

    /** A codec over the schema history shipped in this module's jar. */
    public static EventCodec fromClasspath() {
        return new EventCodec(SchemaHistory.fromClasspath());
    }

    /**
     * @throws IllegalStateException if a stream's record class is not the newest version of its
     *     history: a schema was changed without being released as a new version
     */
    public EventCodec(SchemaHistory history) {
        for (EventStream<?> stream : EventStream.all()) {
            register(history, stream);
        }
    }

    private <T extends SpecificRecordBase> void register(SchemaHistory history, EventStream<T> stream) {
        SchemaVersion newest = history.newest(stream);
        long current = Fingerprint.of(stream.schema());
        if (current != newest.fingerprint()) {
            throw new IllegalStateException(String.format(
                    "the %s record class (fingerprint %s) is not the newest released version %s:" + " release it as %s",
                    stream,
                    Fingerprint.hex(current),
                    newest,
                    SchemaHistory.resourceName(stream, newest.version() + 1)));
        }
        SpecificData model = SpecificData.getForClass(stream.recordClass());
        for (SchemaVersion version : history.versions(stream)) {
            readersByFingerprint.put(
                    version.fingerprint(),
                    new WriterVersion(version, new SpecificDatumReader<>(version.schema(), stream.schema(), model)));
        }
        writersByClass.put(
                stream.recordClass(),
                new CurrentWriter(SingleObjectHeader.of(current), new SpecificDatumWriter<>(stream.schema(), model)));
    }

    /**
     * The single-object message for an event of any stream, written with the stream's current schema.
     *
     * @throws IllegalArgumentException if the record is not one of the five stream records or does
     *     not fit its schema (a required field null, a decimal that does not fit its scale and
     *     precision): a bug in the producer, not bad input
     */
    public byte[] encode(SpecificRecordBase event) {
        CurrentWriter current = writersByClass.get(event.getClass());
        if (current == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not the record of any event stream");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(current.header());
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            current.writer().write(event, body);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + event.getSchema().getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The event of a known stream in a message, e.g. one read from that stream's topic.
     *
     * @throws EventDecodeException for any message that is not a well-formed event of this stream in
     *     a released schema version; {@link Reason#UNKNOWN_SCHEMA} also when it is a well-formed
     *     event of another stream
     */
    public <T extends SpecificRecordBase> T decode(EventStream<T> stream, byte[] message) throws EventDecodeException {
        WriterVersion writer = writerOf(message);
        if (writer.version().stream() != stream) {
            throw new EventDecodeException(
                    Reason.UNKNOWN_SCHEMA,
                    String.format(
                            "message of %d bytes was written with %s, not with a schema of stream %s",
                            message.length, writer.version(), stream));
        }
        return stream.recordClass().cast(read(writer, message));
    }

    /**
     * The event in a message of any stream, with the stream and schema version it was written in.
     *
     * @throws EventDecodeException for any message that is not a well-formed event in a released
     *     schema version
     */
    public DecodedEvent decodeAny(byte[] message) throws EventDecodeException {
        WriterVersion writer = writerOf(message);
        return new DecodedEvent(writer.version(), read(writer, message));
    }

    private WriterVersion writerOf(byte[] message) throws EventDecodeException {
        long fingerprint = SingleObjectHeader.fingerprintOf(message);
        WriterVersion writer = readersByFingerprint.get(fingerprint);
        if (writer == null) {
            throw new EventDecodeException(
                    Reason.UNKNOWN_SCHEMA,
                    String.format(
                            "message of %d bytes names writer schema fingerprint %s, which is in the history of no"
                                    + " stream (written with a newer schema than this reader knows?)",
                            message.length, Fingerprint.hex(fingerprint)));
        }
        return writer;
    }

    private SpecificRecordBase read(WriterVersion writer, byte[] message) throws EventDecodeException {
        BoundedBinaryDecoder body = new BoundedBinaryDecoder(message, SingleObjectHeader.LENGTH);
        SpecificRecordBase event;
        try {
            event = writer.reader().read(null, body);
        } catch (EOFException e) {
            throw failure(Reason.TRUNCATED, writer, message, e);
        } catch (IOException | RuntimeException e) {
            // Past the bounds checks Avro can still object to what it reads: a union branch or enum
            // symbol that does not exist, a UUID that does not parse, an empty decimal. All of it
            // means the body does not follow the writer's schema.
            throw failure(Reason.MALFORMED, writer, message, e);
        }
        if (body.remaining() > 0) {
            throw new EventDecodeException(
                    Reason.MALFORMED,
                    String.format(
                            "%d bytes left over after the %s record in a message of %d bytes",
                            body.remaining(), writer.version(), message.length));
        }
        return event;
    }

    private static EventDecodeException failure(Reason reason, WriterVersion writer, byte[] message, Exception cause) {
        return new EventDecodeException(
                reason,
                String.format(
                        "%s body of %s in a message of %d bytes: %s",
                        reason == Reason.TRUNCATED ? "truncated" : "malformed",
                        writer.version(),
                        message.length,
                        cause.getMessage()),
                cause);
    }

    private Object writeReplace() {
        return new SerialToken();
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an EventCodec is serialised as a token");
    }

    /** What an EventCodec serialises to: nothing but the instruction to load the history again. */
    private static final class SerialToken implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return fromClasspath();
        }
    }
}
