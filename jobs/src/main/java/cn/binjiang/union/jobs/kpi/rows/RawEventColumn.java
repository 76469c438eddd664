package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.schema.kpi.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * One column of a raw event table and where its value sits in the Avro record: a top-level
 * field, or a field of a nested record (the envelope), which is flattened into the table.
 *
 * @param parentPos position of the nested record holding the field, or -1 for a top-level field
 * @param enumValued enums are stored as their slice value (the symbol in lower case, the code the
 *                   reference tables and {@code kpi_values} use), and as {@code ''} when absent
 */
record RawEventColumn(String name, int parentPos, int pos, boolean enumValued) {
    /** Fields stored under another name: the worker's resident ID field only ever holds its pseudonym here. */
    private static final Map<String, String> RENAMED = Map.of("worker_id", "worker_pseudonym");

    /** The columns of a stream's raw table, in the order of the fields of its schema. */
    static List<RawEventColumn> of(Schema stream) {
        List<RawEventColumn> columns = new ArrayList<>();
        for (Schema.Field field : stream.getFields()) {
            Schema type = withoutNull(field.schema());
            if (type.getType() == Schema.Type.RECORD) {
                for (Schema.Field nested : type.getFields()) columns.add(column(field.pos(), nested));
            } else {
                columns.add(column(-1, field));
            }
        }
        return columns;
    }

    /** The value to bind: codes for enums, null for absent values (NULL, or '' in an enum column). */
    Object valueIn(IndexedRecord event) {
        IndexedRecord holder = parentPos < 0 ? event : (IndexedRecord) event.get(parentPos);
        Object value = holder.get(pos);
        if (value instanceof Enum<?> symbol) return Dimension.sliceValue(symbol);
        return value == null && enumValued ? "" : value;
    }

    private static RawEventColumn column(int parentPos, Schema.Field field) {
        return new RawEventColumn(
                RENAMED.getOrDefault(field.name(), field.name()),
                parentPos,
                field.pos(),
                withoutNull(field.schema()).getType() == Schema.Type.ENUM);
    }

    private static Schema withoutNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) return schema;
        return schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(schema);
    }
}
