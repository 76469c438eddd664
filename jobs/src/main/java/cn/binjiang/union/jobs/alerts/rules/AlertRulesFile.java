package cn.binjiang.union.jobs.alerts.rules;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import cn.binjiang.union.settings.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;

/**
 * Reads an alert rules file (YAML, {@code rules:} a list) and checks it completely, so that a rule
 * with an error stops the alert job at start with the file, the rule and the field named, e.g.
 * {@code dashboards/alerts.yaml: alert rule 'members_drop': field 'change_percent': must be a number between 0 and 100}.
 * A rule's {@code type:} must be one of {@link RuleType}; any other is refused by name, never guessed.
 */
public final class AlertRulesFile {
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Set<String> COMMON = Set.of("id", "name", "severity", "type", "for", "suppress");
    static final List<String> SLICE_COLUMNS = Arrays.stream(DimensionColumn.values()).map(DimensionColumn::column).toList();
    static final Duration DEFAULT_SUPPRESS = Duration.ofMinutes(30);

    private final KpiCatalog catalog;
    private final TargetLookup targets;

    public AlertRulesFile(KpiCatalog catalog, TargetLookup targets) {
        this.catalog = catalog;
        this.targets = targets;
    }

    public List<AlertRule> load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigurationException("alerts.rules-file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public List<AlertRule> parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigurationException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("rules") || !root.get("rules").isArray() || root.get("rules").isEmpty()) {
            throw new ConfigurationException(source + ": expected 'rules:' with a non-empty list of rules");
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonNode list = root.get("rules");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = source + ": alert rule #" + (i + 1);
            if (!r.isObject()) throw new ConfigurationException(at + ": expected a map of fields");
            if (r.hasNonNull("id") && r.get("id").isTextual()) at = source + ": alert rule '" + r.get("id").asText() + "'";
            AlertRule rule = rule(r, at);
            if (!ids.add(rule.id())) throw field(at, "id", "used by another rule");
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    private AlertRule rule(JsonNode r, String at) {
        String id = text(r, "id", at);
        if (!ID.matcher(id).matches()) throw field(at, "id", "must match " + ID.pattern());
        String typeLabel = text(r, "type", at);
        RuleType type = RuleType.ofLabel(typeLabel).orElseThrow(
                () -> field(at, "type", "unknown rule type '" + typeLabel + "' (known: " + String.join(", ", RuleType.labels()) + ")"));
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!COMMON.contains(f) && !type.fields().contains(f)) {
                throw field(at, f, "unknown field for a " + type.label() + " rule (known: " + sorted(COMMON, type.fields()) + ")");
            }
        }
        String name = text(r, "name", at);
        Severity severity;
        try {
            severity = Severity.valueOf(text(r, "severity", at).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw field(at, "severity", "must be info, warning or critical");
        }
        Duration pendingFor = r.has("for") ? duration(r, "for", at) : Duration.ZERO;
        Duration suppressFor = r.has("suppress") ? duration(r, "suppress", at) : DEFAULT_SUPPRESS;
        return new AlertRule(id, name, severity, condition(type, r, at), pendingFor, suppressFor);
    }

    private Condition condition(RuleType type, JsonNode r, String at) {
        return switch (type) {
            case THRESHOLD -> threshold(r, at);
            case PACE -> pace(r, at);
            case BASELINE -> baseline(r, at);
            case SILENCE -> silence(r, at);
            case DEAD_LETTER_RATE -> deadLetterRate(r, at);
        };
    }

    private Condition threshold(JsonNode r, String at) {
        boolean above = r.has("above");
        if (above == r.has("below")) throw field(at, above ? "below" : "above", "a threshold rule has exactly one of above, below");
        KpiSlice slice = slice(r, grain(r, at), at);
        return new Condition.Threshold(slice, above, hundredths(r, above ? "above" : "below", at));
    }

    private Condition pace(JsonNode r, String at) {
        KpiSlice slice = slice(r, Grain.YEAR, at);
        Map<Integer, Double> byYear = targets.targets(slice.kpiId(), slice.street());
        if (byYear.isEmpty()) {
            throw field(at, "kpi", "KPI '" + slice.kpiId() + "' has no target for street '" + slice.street() + "' in the targets table");
        }
        return new Condition.Pace(slice, Map.copyOf(byYear), number(r, "behind_points", at, 0, 100));
    }

    private Condition baseline(JsonNode r, String at) {
        String direction = text(r, "direction", at);
        if (!direction.equals("drop") && !direction.equals("spike")) throw field(at, "direction", "must be drop or spike");
        int days = r.has("days") ? (int) number(r, "days", at, 1, 31) : 7;
        if (r.has("days") && !r.get("days").canConvertToInt()) throw field(at, "days", "must be a whole number of days");
        return new Condition.Baseline(slice(r, Grain.DAY, at), direction.equals("spike"), number(r, "change_percent", at, 0, 1000),
                days, hundredths(r, "min_volume", at));
    }

    private static Condition silence(JsonNode r, String at) {
        String stream = text(r, "stream", at);
        if (EventStream.named(stream).isEmpty()) {
            throw field(at, "stream", "'" + stream + "' is not one of " + EventStream.all().stream().map(EventStream::name).toList());
        }
        return new Condition.Silence(stream, positive(duration(r, "after", at), "after", at));
    }

    private static Condition deadLetterRate(JsonNode r, String at) {
        long minEvents = (long) number(r, "min_events", at, 1, Long.MAX_VALUE);
        return new Condition.DeadLetterRate(number(r, "above_percent", at, 0, 100),
                positive(duration(r, "window", at), "window", at), minEvents);
    }

    private KpiSlice slice(JsonNode r, Grain grain, String at) {
        String kpi = text(r, "kpi", at);
        KpiDefinition def = catalog.byId(kpi).orElseThrow(() -> field(at, "kpi", "'" + kpi + "' is not a KPI of the catalog (docs/kpis.md)"));
        String[] values = new String[DimensionColumn.values().length];
        Arrays.fill(values, "");
        JsonNode slice = r.get("slice");
        if (slice != null && !slice.isNull()) {
            if (!slice.isObject()) throw field(at, "slice", "must map slice columns " + SLICE_COLUMNS + " to codes");
            for (Iterator<String> it = slice.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                DimensionColumn column = DimensionColumn.ofColumn(name)
                        .orElseThrow(() -> field(at, "slice", "'" + name + "' is not one of " + SLICE_COLUMNS));
                if (def.dimensions().stream().noneMatch(d -> d.column() == column)) {
                    throw field(at, "slice", "KPI '" + kpi + "' is not sliced by " + name);
                }
                String code = slice.get(name).asText();
                if (!ID.matcher(code).matches()) throw field(at, "slice", name + ": '" + code + "' is not a code");
                values[column.ordinal()] = code;
            }
        }
        return new KpiSlice(kpi, grain.label(), values[DimensionColumn.STREET.ordinal()], values[DimensionColumn.INDUSTRY.ordinal()],
                values[DimensionColumn.EMPLOYMENT_FORM.ordinal()], values[DimensionColumn.CATEGORY.ordinal()]);
    }

    private static Grain grain(JsonNode r, String at) {
        String label = text(r, "grain", at);
        try {
            return Grain.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw field(at, "grain", "must be day, month or year");
        }
    }

    private static String text(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw field(at, name, "required");
        if (!v.isValueNode() || v.asText().isBlank()) throw field(at, name, "must be a non-blank value");
        return v.asText().strip();
    }

    private static double number(JsonNode node, String name, String at, double min, double max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw field(at, name, "required");
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw field(at, name, "must be a number between " + fmt(min) + " and " + fmt(max) + ", got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private static long hundredths(JsonNode node, String name, String at) {
        double v = number(node, name, at, 0, 1e15);
        return Math.round(v * 100);
    }

    private static Duration duration(JsonNode node, String name, String at) {
        String text = text(node, name, at);
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw field(at, name, "'" + text + "' is not a duration (e.g. 30s, 10min, 1h)");
        }
    }

    private static Duration positive(Duration d, String name, String at) {
        if (d.isZero() || d.isNegative()) throw field(at, name, "must be longer than zero");
        return d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<String> sorted(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all.stream().sorted().toList();
    }

    private static ConfigurationException field(String at, String field, String problem) {
        return new ConfigurationException(at + ": field '" + field + "': " + problem);
    }
}
