package cn.binjiang.union.schema.kpi;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the catalog YAML and checks every entry against the Avro contracts, so that a mistake in
 * the data fails at load with the KPI and the key at fault instead of counting wrong at run time.
 * {@link YamlNode} refuses unknown keys, wrong types and missing fields; this class adds what only
 * the contracts know. Once an entry's id is read, its errors name it after its position:
 * {@code kpi/catalog.yaml: kpis[3] (members_joined).filter.event_type[0]: ...}.
 */
final class KpiCatalogParser {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String NO_TARGET = "none";
    private static final String UNKNOWN_SYMBOL = "UNKNOWN";
    private static final String EVENT_TYPE = "event_type";
    private static final Set<String> KEYS = Set.of(
            "id", "name_zh", "name_en", "unit", "stream", "filter", "measure", "weights", "dimensions", "target");
    private static final Map<String, DimensionColumn> ENVELOPE_DIMENSIONS = Map.of(
            "street", DimensionColumn.STREET,
            "industry", DimensionColumn.INDUSTRY,
            "employment_form", DimensionColumn.EMPLOYMENT_FORM);

    private KpiCatalogParser() {}

    /** @throws ConfigurationException naming the file, the entry and the key at fault */
    static List<KpiDefinition> parse(YamlNode catalog) {
        List<Entry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode node : catalog.allowKeys(Set.of("kpis")).required("kpis").elements()) {
            Entry entry = new Entry(node);
            if (!ids.add(entry.kpi.id())) {
                throw entry.node.get("id").problem("duplicate id: another KPI has it already");
            }
            entries.add(entry);
        }
        // Targets are checked once every id is known: a KPI may name one defined further down.
        for (Entry entry : entries) {
            String target = entry.kpi.targetKpiId();
            if (target != null && !ids.contains(target)) {
                throw entry.node.get("target").problem("'" + target + "' is no KPI of the catalog (or 'none')");
            }
        }
        return entries.stream().map(entry -> entry.kpi).toList();
    }

    /** One catalog entry: its node, labelled with its id, and the KPI read from it. */
    private static final class Entry {
        private final YamlNode node;
        private final EventStream<?> stream;
        private final EventField eventType;
        private final List<Enum<?>> eventTypes = new ArrayList<>();
        private final KpiDefinition kpi;

        Entry(YamlNode unlabelled) {
            String id = id(unlabelled.required("id"));
            node = unlabelled.labelled(id).allowKeys(KEYS);
            stream = stream(node.required("stream"));
            eventType = EventField.of(stream, EVENT_TYPE).orElseThrow();
            EventFilter filter = filter(node.required("filter").allowKeys(Set.of(EVENT_TYPE, "where")));
            Measure measure = measure(node.required("measure"));
            String target = node.required("target").text();
            kpi = new KpiDefinition(
                    id,
                    node.required("name_zh").text(),
                    node.required("name_en").text(),
                    node.required("unit").text(),
                    stream,
                    filter,
                    measure,
                    dimensions(node.required("dimensions")),
                    target.equals(NO_TARGET) ? null : target);
        }

        private static String id(YamlNode node) {
            String id = node.text();
            if (!ID.matcher(id).matches() || id.equals(NO_TARGET)) {
                throw node.problem("'" + id + "' is not a lower_snake_case id");
            }
            return id;
        }

        private static EventStream<?> stream(YamlNode node) {
            String name = node.text();
            return EventStream.named(name)
                    .orElseThrow(() -> node.problem("unknown stream '" + name + "' (streams: "
                            + EventStream.all().stream().map(EventStream::name).collect(Collectors.joining(", "))
                            + ")"));
        }

        private EventFilter filter(YamlNode filter) {
            for (YamlNode type : filter.get(EVENT_TYPE).nonEmptyElements()) {
                eventTypes.add(symbol(eventType, type));
            }
            Map<EventField, Object> where = new LinkedHashMap<>();
            filter.get("where").fields().forEach((name, value) -> {
                EventField field = field(value, name);
                if (field.name().equals(EVENT_TYPE)) {
                    throw value.problem("event types go in filter.event_type");
                }
                where.put(field, expectedValue(field, value));
            });
            return new EventFilter(eventType, eventTypes, where);
        }

        /** The value the filter expects, null for "not set". */
        private Object expectedValue(EventField field, YamlNode value) {
            if (value.isMissing()) {
                return null;
            }
            return switch (field.kind()) {
                case ENUM -> symbol(field, value);
                case STRING -> value.text();
                case INT -> (int) value.whole(Integer.MIN_VALUE, Integer.MAX_VALUE);
                case LONG -> value.whole(Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw value.problem("cannot filter on a " + field.kind() + " field");
            };
        }

        private Measure measure(YamlNode measure) {
            EventField summed = null;
            if (measure.isMap()) {
                YamlNode sum = measure.allowKeys(Set.of("sum")).required("sum");
                String name = sum.text();
                summed = field(sum, name);
                if (!summed.kind().numeric()) {
                    throw sum.problem("'" + name + "' is a " + summed.kind() + " field, not a number");
                }
                if (summed.decimalScale() > 2) {
                    throw sum.problem("'" + name + "' has " + summed.decimalScale()
                            + " decimal places: KPI values are exact in hundredths");
                }
            } else if (!measure.text().equals("count")) {
                throw measure.problem("expected count or {sum: <numeric field>}, got '" + measure.text() + "'");
            }
            return new Measure(eventType, summed, weights(node.get("weights")));
        }

        private Map<Enum<?>, Integer> weights(YamlNode map) {
            Map<Enum<?>, Integer> weights = new LinkedHashMap<>();
            map.fields().forEach((name, value) -> {
                Enum<?> type = eventType
                        .enumConstant(name)
                        .filter(eventTypes::contains)
                        .orElseThrow(() -> value.problem("not one of filter.event_type"));
                int weight = (int) value.whole(Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (weight == 0) {
                    throw value.problem("a weight of 0 would count nothing");
                }
                weights.put(type, weight);
            });
            return weights;
        }

        private List<Dimension> dimensions(YamlNode list) {
            List<Dimension> dimensions = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (YamlNode element : list.elements()) {
                String name = element.text();
                if (!names.add(name)) {
                    throw element.problem("'" + name + "' is listed twice");
                }
                dimensions.add(dimension(element, name));
            }
            List<String> categories = dimensions.stream()
                    .filter(d -> d.column() == DimensionColumn.CATEGORY)
                    .map(Dimension::name)
                    .toList();
            if (categories.size() > 1) {
                throw list.problem("at most one category dimension, not " + categories);
            }
            return dimensions;
        }

        private Dimension dimension(YamlNode at, String name) {
            DimensionColumn envelopeColumn = ENVELOPE_DIMENSIONS.get(name);
            EventField field = field(at, name);
            if (envelopeColumn != null) {
                return new Dimension(field, envelopeColumn);
            }
            if (field.inEnvelope() || field.kind() != EventField.Kind.ENUM || name.equals(EVENT_TYPE)) {
                throw at.problem("a category dimension is an enum field of the " + stream
                        + " record (not the envelope, not event_type); '" + name + "' is not");
            }
            return new Dimension(field, DimensionColumn.CATEGORY);
        }

        private Enum<?> symbol(EventField field, YamlNode value) {
            String symbol = value.text();
            // The reader's fallback for a symbol it does not know: counting it would count producers' mistakes.
            if (symbol.equals(UNKNOWN_SYMBOL)) {
                throw value.problem("'" + symbol + "' is not a symbol of " + field.name() + " a producer writes");
            }
            return field.enumConstant(symbol)
                    .orElseThrow(() -> value.problem("'" + symbol + "' is not a symbol of " + field.name() + " ("
                            + field.enumConstants().stream()
                                    .map(Enum::name)
                                    .filter(s -> !s.equals(UNKNOWN_SYMBOL))
                                    .collect(Collectors.joining(", "))
                            + ")"));
        }

        private EventField field(YamlNode at, String name) {
            return EventField.of(stream, name)
                    .orElseThrow(() -> at.problem("stream " + stream + " has no field '" + name + "'"));
        }
    }
}
