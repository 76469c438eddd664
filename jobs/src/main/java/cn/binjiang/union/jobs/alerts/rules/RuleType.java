package cn.binjiang.union.jobs.alerts.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule types of a rules file ({@code type:}), each with the fields of its own; each makes one kind of
 * {@link Condition}. The rules file parses them with a switch over this enum that has no default: a new type
 * fails to compile until it is parsed, and a type the file names that is not here is refused by name.
 */
public enum RuleType {
    THRESHOLD("kpi", "grain", "slice", "above", "below"),
    PACE("kpi", "slice", "behind_points"),
    BASELINE("kpi", "slice", "direction", "change_percent", "days", "min_volume"),
    SILENCE("stream", "after"),
    DEAD_LETTER_RATE("above_percent", "window", "min_events");

    private final String label = name().toLowerCase(Locale.ROOT);
    private final Set<String> fields;

    RuleType(String... fields) {
        this.fields = Set.of(fields);
    }

    /** The type as a rules file writes it: {@code threshold}, ..., {@code dead_letter_rate}. */
    public String label() {
        return label;
    }

    /** The fields a rule of this type has besides the ones every rule has. */
    public Set<String> fields() {
        return fields;
    }

    public static Optional<RuleType> ofLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(RuleType::label).toList();
    }
}
