package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.schema.kpi.Dimension;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * One column of a raw event table and where its value sits in the Avro record: a top-level
 * field, or a field of a nested record (the envelope), which is flattened into the table.
 *
 * @param parentPos position of the nested record holding the field, or -1 for a top-level field
 * @param type the field's Avro type, without its null
 */
record RawEventColumn(String name, int parentPos, int pos, Schema type) {
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

    /**
     * The value to bind: enums as their slice value (the symbol in lower case, the code the reference tables and
     * {@code kpi_values} use), null for absent values (NULL, or {@code ''} in an enum column).
     */
    Object valueIn(IndexedRecord event) {
        IndexedRecord holder = parentPos < 0 ? event : (IndexedRecord) event.get(parentPos);
        Object value = holder.get(pos);
        if (value instanceof Enum<?> symbol) return Dimension.sliceValue(symbol);
        return value == null && isEnum() ? "" : value;
    }

    /**
     * What to select for this column so that {@link #readInto} gets a plain value whatever the driver makes of
     * ClickHouse's types: UUIDs and decimals as text, timestamps as epoch milliseconds.
     */
    String selectExpression() {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) return "toUnixTimestamp64Milli(" + name + ")";
        if (logical != null) return "toString(" + name + ")";
        return name;
    }

    /** Puts the value of this column, selected by {@link #selectExpression}, back into its field of {@code event}. */
    void readInto(IndexedRecord event, ResultSet row, int column) throws SQLException {
        IndexedRecord holder = parentPos < 0 ? event : (IndexedRecord) event.get(parentPos);
        holder.put(pos, fieldValue(row, column));
    }

    private Object fieldValue(ResultSet row, int column) throws SQLException {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            long millis = row.getLong(column);
            return row.wasNull() ? null : Instant.ofEpochMilli(millis);
        }
        if (logical != null && logical.getName().equals(LogicalTypes.uuid().getName())) {
            String text = row.getString(column);
            return text == null ? null : UUID.fromString(text);
        }
        if (logical instanceof LogicalTypes.Decimal decimal) {
            String text = row.getString(column);
            return text == null ? null : new BigDecimal(text).setScale(decimal.getScale());
        }
        return switch (type.getType()) {
            case ENUM -> symbolOf(row.getString(column));
            case INT -> nullIfWasNull(row.getInt(column), row);
            case LONG -> nullIfWasNull(row.getLong(column), row);
            case BOOLEAN -> nullIfWasNull(row.getBoolean(column), row);
            case DOUBLE -> nullIfWasNull(row.getDouble(column), row);
            case STRING -> row.getString(column);
            default ->
                throw new IllegalStateException(
                        "column " + name + " holds an Avro " + type.getType() + ", which no raw table stores");
        };
    }

    private Object symbolOf(String code) {
        if (code == null || code.isEmpty()) return null;
        Class<?> enumClass = SpecificData.get().getClass(type);
        for (Object symbol : enumClass.getEnumConstants()) {
            if (Dimension.sliceValue((Enum<?>) symbol).equals(code)) return symbol;
        }
        throw new IllegalStateException("column " + name + " holds '" + code + "', no symbol of " + type.getFullName());
    }

    private static Object nullIfWasNull(Object value, ResultSet row) throws SQLException {
        return row.wasNull() ? null : value;
    }

    private boolean isEnum() {
        return type.getType() == Schema.Type.ENUM;
    }

    private static RawEventColumn column(int parentPos, Schema.Field field) {
        return new RawEventColumn(
                RENAMED.getOrDefault(field.name(), field.name()), parentPos, field.pos(), withoutNull(field.schema()));
    }

    static Schema withoutNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) return schema;
        return schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(schema);
    }
}
