package cn.binjiang.union.schema.kpi;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What one matching event adds to a KPI, in hundredths (so that money to the 分 and hours to the
 * 0.01 h add up exactly as longs): 100 per event for a count, the field's value × 100 for a sum,
 * times the event type's weight (+1 unless the catalog says otherwise, e.g. −1 for a member
 * leaving in {@code members_net}).
 */
public final class Measure implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long ONE = 100;

    private final EventField eventType;
    /** Null for a count. */
    private final EventField summed;
    /** Indexed by event type ordinal. */
    private final long[] weights;

    Measure(EventField eventType, EventField summed, Map<Enum<?>, Integer> weightsByType) {
        this.eventType = eventType;
        this.summed = summed;
        this.weights = new long[eventType.enumConstants().size()];
        Arrays.fill(weights, 1);
        weightsByType.forEach((type, weight) -> weights[type.ordinal()] = weight);
    }

    /**
     * What this event (one the filter matched) adds, in hundredths. A sum over an event that
     * lacks the summed field adds 0: validation requires the field where the event type needs it.
     *
     * @throws ArithmeticException if the value does not fit a long in hundredths
     */
    public long hundredths(SpecificRecordBase event) {
        long weight = weights[((Enum<?>) eventType.read(event)).ordinal()];
        return Math.multiplyExact(weight, summed == null ? ONE : hundredthsOf(summed.read(event)));
    }

    private static long hundredthsOf(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof BigDecimal decimal) {
            // the loader only admits decimals of scale <= 2, so this never rounds
            return decimal.movePointRight(2).longValueExact();
        }
        return Math.multiplyExact(((Number) value).longValue(), ONE);
    }

    /** The field a sum adds up; empty for a count. */
    public Optional<String> summedField() {
        return Optional.ofNullable(summed).map(EventField::name);
    }

    /** The weights that differ from +1, by event type symbol. */
    public Map<String, Integer> weights() {
        Map<String, Integer> differing = new LinkedHashMap<>();
        for (Enum<?> type : eventType.enumConstants()) {
            if (weights[type.ordinal()] != 1) {
                differing.put(type.name(), (int) weights[type.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(differing);
    }

    @Override
    public String toString() {
        return summed == null ? "count" : "sum(" + summed.name() + ")";
    }
}
