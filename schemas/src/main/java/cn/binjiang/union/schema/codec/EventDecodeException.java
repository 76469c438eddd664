package cn.binjiang.union.schema.codec;

/**
 * The one exception for every message that {@link EventCodec} cannot turn into an event.
 *
 * <p>Checked on purpose: a consumer must decide what happens to an undecodable message (the KPI
 * job sends it to the dead-letter path), it cannot forget to. The {@link Reason} says what kind of
 * failure it was and maps to the dead-letter reason code; the message says where: sizes, offsets,
 * schema versions, fingerprints and, for a malformed body, Avro's own complaint.
 */
public final class EventDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the message. */
    public enum Reason {
        /** The message ended before the header or the record did, or a length in it runs past its end. */
        TRUNCATED("undecodable"),
        /** The message does not start with the single-object marker {@code C3 01}: not one of ours. */
        BAD_MAGIC("undecodable"),
        /**
         * The fingerprint names no schema in the history, or a schema of another stream than asked
         * for: written by a producer on a newer schema than this reader, or sent to the wrong topic.
         */
        UNKNOWN_SCHEMA("unknown_schema"),
        /** The body does not follow the writer's schema, or bytes are left over after the record. */
        MALFORMED("undecodable");

        private final String deadLetterCode;

        Reason(String deadLetterCode) {
            this.deadLetterCode = deadLetterCode;
        }

        /** The reason code the dead-letter topic and the {@code rejected_events} table record. */
        public String deadLetterCode() {
            return deadLetterCode;
        }
    }

    private final Reason reason;

    public EventDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public EventDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + reason + "]: " + getMessage();
    }
}
