package cn.binjiang.union.schema.kpi;

import java.io.Serializable;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A dimension a KPI is sliced by: an enum field of the stream's events and the slice column it
 * fills. Slice values are the enum symbol in lower case ({@code XIXING} → {@code xixing},
 * {@code FOOD_DELIVERY_RIDER} → {@code food_delivery_rider}), the codes the reference tables use;
 * an event without the field gets {@link DimensionColumn#absentValue()}.
 */
public final class Dimension implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EventField field;
    private final DimensionColumn column;
    /** Slice value by enum ordinal, computed once so that slicing an event allocates nothing. */
    private final String[] valuesByOrdinal;

    Dimension(EventField field, DimensionColumn column) {
        this.field = field;
        this.column = column;
        this.valuesByOrdinal =
                field.enumConstants().stream().map(Dimension::sliceValue).toArray(String[]::new);
    }

    /** The slice value of an enum constant: its symbol in lower case. */
    public static String sliceValue(Enum<?> symbol) {
        return symbol.name().toLowerCase(Locale.ROOT);
    }

    /** This event's slice: its value's {@link #sliceValue}, or the column's absent value when null. */
    public String valueOf(SpecificRecordBase event) {
        Object value = field.read(event);
        return value == null ? column.absentValue() : valuesByOrdinal[((Enum<?>) value).ordinal()];
    }

    /** The Avro field name, as the catalog names the dimension. */
    public String name() {
        return field.name();
    }

    public EventField field() {
        return field;
    }

    public DimensionColumn column() {
        return column;
    }

    @Override
    public String toString() {
        return field.name() + "→" + column.column();
    }
}
