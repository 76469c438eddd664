package cn.binjiang.union.schema.history;

import cn.binjiang.union.schema.EventStream;
import org.apache.avro.Schema;

/** One released version of a stream's schema, as kept in {@code avro-history/<stream>/v<version>.avsc}. */
public record SchemaVersion(EventStream<?> stream, int version, Schema schema, long fingerprint) {

    public SchemaVersion(EventStream<?> stream, int version, Schema schema) {
        this(stream, version, schema, Fingerprint.of(schema));
    }

    @Override
    public String toString() {
        return stream + " v" + version + " (fingerprint " + Fingerprint.hex(fingerprint) + ")";
    }
}
