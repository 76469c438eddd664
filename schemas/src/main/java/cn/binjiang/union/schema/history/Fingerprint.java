package cn.binjiang.union.schema.history;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The CRC-64-AVRO fingerprint of a schema's Parsing Canonical Form: the schema id that Avro
 * single-object encoding puts in every message. Docs, defaults, aliases and logical types are not
 * part of the canonical form, so schemas that differ only in those share a fingerprint.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static long of(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The form used in every message about fingerprints: 16 hex digits of the 64-bit value. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
