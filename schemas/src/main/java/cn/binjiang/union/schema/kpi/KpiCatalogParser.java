package cn.binjiang.union.schema.kpi;

import cn.binjiang.union.schema.EventStream;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 */
final class KpiCatalogParser {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
  private static final String NO_TARGET = "none";
  private static final String UNKNOWN_SYMBOL = "UNKNOWN";
  private static final String EVENT_TYPE = "event_type";
  private static final Set<String> KEYS =
      Set.of("id", "name_zh", "name_en", "unit", "stream", "filter", "measure", "weights",
          "dimensions", "target");
  private static final Map<String, DimensionColumn> ENVELOPE_DIMENSIONS =
      Map.of(
          "street", DimensionColumn.STREET,
          "industry", DimensionColumn.INDUSTRY,
          "employment_form", DimensionColumn.EMPLOYMENT_FORM);

  private final String source;

  private KpiCatalogParser(String source) {
    this.source = source;
  }

  static List<KpiDefinition> parse(String source, InputStream yaml) {
    JsonNode root;
    try {
      root =
          new ObjectMapper(new YAMLFactory())
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the KPI catalog " + source, e);
    }
    return new KpiCatalogParser(source).catalog(root);
  }

  private List<KpiDefinition> catalog(JsonNode root) {
    if (root == null || !root.isObject() || root.size() != 1 || !root.path("kpis").isArray()) {
      throw new KpiCatalogException(source, "(none)", "kpis", "the catalog is one key, kpis: a list of KPIs");
    }
    List<KpiDefinition> kpis = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int position = 0;
    for (JsonNode node : root.get("kpis")) {
      position++;
      Entry entry = new Entry(node, "#" + position);
      KpiDefinition kpi = entry.definition();
      if (!ids.add(kpi.id())) {
        throw entry.error("id", "duplicate id: another KPI has it already");
      }
      kpis.add(kpi);
    }
    for (KpiDefinition kpi : kpis) {
      if (kpi.targetKpiId() != null && !ids.contains(kpi.targetKpiId())) {
        throw new KpiCatalogException(
            source, kpi.id(), "target", "'" + kpi.targetKpiId() + "' is no KPI of the catalog (or 'none')");
      }
    }
    return List.copyOf(kpis);
  }

  /** One catalog entry being read; errors name its id as soon as it is known. */
  private final class Entry {
    private final JsonNode node;
    private String kpiId;
    private EventStream<?> stream;
    private EventField eventType;
    private List<Enum<?>> eventTypes;

    Entry(JsonNode node, String position) {
      this.node = node;
      this.kpiId = position;
    }

    KpiDefinition definition() {
      if (!node.isObject()) {
        throw error("(entry)", "a KPI is a map of " + String.join(", ", KEYS));
      }
      kpiId = id();
      for (Map.Entry<String, JsonNode> key : node.properties()) {
        if (!KEYS.contains(key.getKey())) {
          throw error(key.getKey(), "unknown key (keys: " + String.join(", ", KEYS) + ")");
        }
      }
      stream = stream();
      eventType = EventField.of(stream, EVENT_TYPE).orElseThrow();
      EventFilter filter = filter();
      Measure measure = measure();
      return new KpiDefinition(
          kpiId, text("name_zh"), text("name_en"), text("unit"), stream, filter, measure,
          dimensions(), target());
    }

    private String id() {
      String id = text("id");
      if (!ID.matcher(id).matches() || id.equals(NO_TARGET)) {
        throw error("id", "'" + id + "' is not a lower_snake_case id");
      }
      return id;
    }

    private EventStream<?> stream() {
      String name = text("stream");
      return EventStream.named(name)
          .orElseThrow(() -> error("stream", "unknown stream '" + name + "' (streams: "
              + EventStream.all().stream().map(EventStream::name).collect(Collectors.joining(", ")) + ")"));
    }

    private EventFilter filter() {
      JsonNode filter = required("filter");
      allowKeys(filter, "filter", Set.of(EVENT_TYPE, "where"));
      JsonNode types = filter.path(EVENT_TYPE);
      if (!types.isArray() || types.isEmpty()) {
        throw error("filter.event_type", "a non-empty list of " + stream + " event types");
      }
      eventTypes = new ArrayList<>();
      for (JsonNode type : types) {
        eventTypes.add(symbol(eventType, type, "filter.event_type"));
      }
      Map<EventField, Object> where = new LinkedHashMap<>();
      JsonNode equalities = filter.path("where");
      if (!equalities.isMissingNode()) {
        if (!equalities.isObject()) {
          throw error("filter.where", "a map of Avro field name to value");
        }
        for (Map.Entry<String, JsonNode> equality : equalities.properties()) {
          String path = "filter.where." + equality.getKey();
          EventField field = field(equality.getKey(), path);
          if (field.name().equals(EVENT_TYPE)) {
            throw error(path, "event types go in filter.event_type");
          }
          where.put(field, expectedValue(field, equality.getValue(), path));
        }
      }
      return new EventFilter(eventType, eventTypes, where);
    }

    private Object expectedValue(EventField field, JsonNode value, String path) {
      if (value.isNull()) {
        return null;
      }
      return switch (field.kind()) {
        case ENUM -> symbol(field, value, path);
        case STRING -> {
          if (!value.isTextual()) {
            throw error(path, "a string");
          }
          yield value.textValue();
        }
        case INT -> {
          if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw error(path, "an int");
          }
          yield value.intValue();
        }
        case LONG -> {
          if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw error(path, "a long");
          }
          yield value.longValue();
        }
        default -> throw error(path, "cannot filter on a " + field.kind() + " field");
      };
    }

    private Measure measure() {
      JsonNode measure = required("measure");
      EventField summed = null;
      if (measure.isObject()) {
        allowKeys(measure, "measure", Set.of("sum"));
        String name = measure.path("sum").asText("");
        summed = field(name, "measure.sum");
        if (!summed.kind().numeric()) {
          throw error("measure.sum", "'" + name + "' is a " + summed.kind() + " field, not a number");
        }
        if (summed.decimalScale() > 2) {
          throw error("measure.sum", "'" + name + "' has " + summed.decimalScale()
              + " decimal places: KPI values are exact in hundredths");
        }
      } else if (!measure.asText().equals("count")) {
        throw error("measure", "'count' or {sum: <numeric field>}");
      }
      return new Measure(eventType, summed, weights());
    }

    private Map<Enum<?>, Integer> weights() {
      Map<Enum<?>, Integer> weights = new LinkedHashMap<>();
      JsonNode node = this.node.path("weights");
      if (node.isMissingNode()) {
        return weights;
      }
      if (!node.isObject()) {
        throw error("weights", "a map of event type to an integer weight");
      }
      for (Map.Entry<String, JsonNode> weight : node.properties()) {
        String path = "weights." + weight.getKey();
        Enum<?> type = eventType.enumConstant(weight.getKey())
            .filter(eventTypes::contains)
            .orElseThrow(() -> error(path, "not one of filter.event_type"));
        if (!weight.getValue().isIntegralNumber() || !weight.getValue().canConvertToInt()
            || weight.getValue().intValue() == 0) {
          throw error(path, "a non-zero integer");
        }
        weights.put(type, weight.getValue().intValue());
      }
      return weights;
    }

    private List<Dimension> dimensions() {
      JsonNode node = required("dimensions");
      if (!node.isArray()) {
        throw error("dimensions", "a list of dimension field names (may be empty)");
      }
      List<Dimension> dimensions = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (JsonNode name : node) {
        String path = "dimensions." + name.asText();
        if (!names.add(name.asText())) {
          throw error(path, "listed twice");
        }
        dimensions.add(dimension(name.asText(), path));
      }
      List<String> categories = dimensions.stream()
          .filter(d -> d.column() == DimensionColumn.CATEGORY).map(Dimension::name).toList();
      if (categories.size() > 1) {
        throw error("dimensions", "at most one category dimension, not " + categories);
      }
      return dimensions;
    }

    private Dimension dimension(String name, String path) {
      DimensionColumn envelopeColumn = ENVELOPE_DIMENSIONS.get(name);
      EventField field = field(name, path);
      if (envelopeColumn != null) {
        return new Dimension(field, envelopeColumn);
      }
      if (field.inEnvelope() || field.kind() != EventField.Kind.ENUM || name.equals(EVENT_TYPE)) {
        throw error(path, "a category dimension is an enum field of the " + stream
            + " record (not the envelope, not event_type); '" + name + "' is not");
      }
      return new Dimension(field, DimensionColumn.CATEGORY);
    }

    private String target() {
      String target = text("target");
      return target.equals(NO_TARGET) ? null : target;
    }

    private Enum<?> symbol(EventField field, JsonNode value, String path) {
      String symbol = value.asText();
      if (!value.isTextual() || symbol.equals(UNKNOWN_SYMBOL)) {
        throw error(path, "'" + symbol + "' is not a symbol of " + field.name() + " a producer writes");
      }
      return field.enumConstant(symbol)
          .orElseThrow(() -> error(path, "'" + symbol + "' is not a symbol of " + field.name() + " ("
              + field.enumConstants().stream().map(Enum::name)
                  .filter(s -> !s.equals(UNKNOWN_SYMBOL)).collect(Collectors.joining(", ")) + ")"));
    }

    private EventField field(String name, String path) {
      return EventField.of(stream, name)
          .orElseThrow(() -> error(path, "stream " + stream + " has no field '" + name + "'"));
    }

    private JsonNode required(String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        throw error(key, "missing");
      }
      return value;
    }

    private String text(String key) {
      JsonNode value = required(key);
      if (!value.isTextual() || value.textValue().isBlank()) {
        throw error(key, "a non-empty string");
      }
      return value.textValue();
    }

    private void allowKeys(JsonNode map, String path, Set<String> keys) {
      if (!map.isObject()) {
        throw error(path, "a map with keys " + keys);
      }
      for (Map.Entry<String, JsonNode> key : map.properties()) {
        if (!keys.contains(key.getKey())) {
          throw error(path + "." + key.getKey(), "unknown key (keys: " + keys + ")");
        }
      }
    }

    KpiCatalogException error(String field, String problem) {
      return new KpiCatalogException(source, kpiId, field, problem);
    }
  }
}
