package cn.binjiang.union.schema.kpi;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Which events of its stream a KPI counts: one of a set of event types, and every listed field
 * equal to its value (an enum constant, string or number, or null for "not set").
 */
public final class EventFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One field equality; the expected value is already of the field's Java type. */
    private record Condition(EventField field, Object expected) implements Serializable {}

    private final EventField eventType;
    /** Indexed by event type ordinal, so matching a type is an array read. */
    private final boolean[] acceptedTypes;

    private final List<Condition> conditions;

    EventFilter(EventField eventType, List<Enum<?>> types, Map<EventField, Object> equalities) {
        this.eventType = eventType;
        this.acceptedTypes = new boolean[eventType.enumConstants().size()];
        types.forEach(type -> acceptedTypes[type.ordinal()] = true);
        List<Condition> list = new ArrayList<>();
        equalities.forEach((field, expected) -> list.add(new Condition(field, expected)));
        this.conditions = List.copyOf(list);
    }

    public boolean matches(SpecificRecordBase event) {
        if (!acceptedTypes[((Enum<?>) eventType.read(event)).ordinal()]) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!Objects.equals(condition.field.read(event), condition.expected)) {
                return false;
            }
        }
        return true;
    }

    /** The event type symbols it accepts, in symbol order. */
    public List<String> eventTypes() {
        return eventType.enumConstants().stream()
                .filter(type -> acceptedTypes[type.ordinal()])
                .map(Enum::name)
                .toList();
    }

    /** The field equalities, by Avro field name (values as the events hold them; null allowed). */
    public Map<String, Object> where() {
        Map<String, Object> where = new LinkedHashMap<>();
        conditions.forEach(c -> where.put(c.field.name(), c.expected));
        return Collections.unmodifiableMap(where);
    }
}
