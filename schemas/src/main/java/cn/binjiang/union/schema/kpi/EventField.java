package cn.binjiang.union.schema.kpi;

import cn.binjiang.union.schema.EventStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One field of a stream's events, named by its Avro field name, whether it sits in the record
 * itself or in its envelope, and resolved once to positions: reading it per event is one or two
 * {@link SpecificRecordBase#get(int)} calls, no name lookup and no reflection.
 *
 * <p>The envelope's fields and the stream's own fields share one namespace (no stream reuses an
 * envelope name), so catalogs and validation rules address both alike: {@code street},
 * {@code union_kind}.
 */
public final class EventField implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ENVELOPE = "envelope";

    /** What a field holds, as far as KPIs and validation care. */
    public enum Kind {
        ENUM,
        STRING,
        UUID,
        INT,
        LONG,
        TIMESTAMP,
        DECIMAL,
        OTHER;

        public boolean numeric() {
            return this == INT || this == LONG || this == DECIMAL;
        }
    }

    private final String name;
    private final int envelopePosition;
    private final int position;
    private final Kind kind;
    private final int decimalScale;
    private final Class<? extends Enum<?>> enumClass;

    private EventField(String name, int envelopePosition, Schema.Field field, Schema valueSchema) {
        this.name = name;
        this.envelopePosition = envelopePosition;
        this.position = field.pos();
        this.kind = kindOf(valueSchema);
        this.decimalScale = kind == Kind.DECIMAL ? ((LogicalTypes.Decimal) valueSchema.getLogicalType()).getScale() : 0;
        this.enumClass = kind == Kind.ENUM ? enumClassOf(valueSchema) : null;
    }

    /** The field of this stream's events with this Avro name, in the record or its envelope. */
    public static Optional<EventField> of(EventStream<?> stream, String name) {
        Schema record = stream.schema();
        Schema.Field own = record.getField(name);
        if (own != null && !own.name().equals(ENVELOPE)) {
            return Optional.of(create(name, -1, own));
        }
        Schema.Field envelope = record.getField(ENVELOPE);
        Schema.Field inEnvelope = envelope.schema().getField(name);
        return inEnvelope == null ? Optional.empty() : Optional.of(create(name, envelope.pos(), inEnvelope));
    }

    /** Every field of the stream's events: the envelope's in order, then the record's own. */
    public static List<EventField> all(EventStream<?> stream) {
        Schema.Field envelope = stream.schema().getField(ENVELOPE);
        List<EventField> fields = new ArrayList<>();
        for (Schema.Field field : envelope.schema().getFields()) {
            fields.add(create(field.name(), envelope.pos(), field));
        }
        for (Schema.Field field : stream.schema().getFields()) {
            if (field != envelope) {
                fields.add(create(field.name(), -1, field));
            }
        }
        return List.copyOf(fields);
    }

    private static EventField create(String name, int envelopePosition, Schema.Field field) {
        // an optional field is a ["null", T] union: what it holds when set is T
        Schema value = field.schema().isUnion()
                ? field.schema().getTypes().stream()
                        .filter(branch -> branch.getType() != Schema.Type.NULL)
                        .findFirst()
                        .orElseThrow()
                : field.schema();
        return new EventField(name, envelopePosition, field, value);
    }

    private static Kind kindOf(Schema schema) {
        String logical =
                schema.getLogicalType() == null ? "" : schema.getLogicalType().getName();
        return switch (schema.getType()) {
            case ENUM -> Kind.ENUM;
            case STRING -> logical.equals("uuid") ? Kind.UUID : Kind.STRING;
            case INT -> Kind.INT;
            case LONG -> logical.startsWith("timestamp") ? Kind.TIMESTAMP : Kind.LONG;
            case BYTES, FIXED -> logical.equals("decimal") ? Kind.DECIMAL : Kind.OTHER;
            default -> Kind.OTHER;
        };
    }

    @SuppressWarnings("unchecked") // an Avro enum schema's specific class is a generated Java enum
    private static Class<? extends Enum<?>> enumClassOf(Schema schema) {
        return (Class<? extends Enum<?>>) SpecificData.get().getClass(schema);
    }

    /**
     * The field's value on this event of its stream: an enum constant, String, Integer, BigDecimal, Instant ... or null.
     */
    public Object read(SpecificRecordBase event) {
        SpecificRecordBase holder = envelopePosition < 0 ? event : (SpecificRecordBase) event.get(envelopePosition);
        return holder.get(position);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean inEnvelope() {
        return envelopePosition >= 0;
    }

    /** The scale of a decimal field (digits after the point); 0 for any other kind. */
    public int decimalScale() {
        return decimalScale;
    }

    /** The constants of an enum field in symbol order (a constant's ordinal is its symbol index). */
    public List<Enum<?>> enumConstants() {
        if (enumClass == null) {
            throw new IllegalStateException(name + " is not an enum field");
        }
        return List.of(enumClass.getEnumConstants());
    }

    /** The constant of an enum field with this symbol, if the enum has one. */
    public Optional<Enum<?>> enumConstant(String symbol) {
        return enumConstants().stream().filter(c -> c.name().equals(symbol)).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }
}
