package cn.binjiang.union.schema.codec;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.history.SchemaVersion;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * An event decoded without knowing its stream in advance.
 *
 * @param writer the schema version the producer wrote with (its stream is the event's stream)
 * @param event the event as the current record class of that stream
 */
public record DecodedEvent(SchemaVersion writer, SpecificRecordBase event) {

    public EventStream<?> stream() {
        return writer.stream();
    }
}
