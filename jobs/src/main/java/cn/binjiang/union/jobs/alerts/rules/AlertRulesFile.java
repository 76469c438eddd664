package cn.binjiang.union.jobs.alerts.rules;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.YamlFile;
import cn.binjiang.union.settings.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;

/**
 * Reads an alert rules file (YAML, {@code rules:} a list) and checks it completely, so that a rule with an error
 * stops the alert job at start with a {@link ConfigurationException} naming the file, the rule (by its position,
 * then its id) and the field, e.g.
 * {@code dashboards/alerts.yaml: rules[2] (members_spike).change_percent: expected a number from 0 to 1000, got 5000}.
 * A rule's {@code type:} must be one of {@link RuleType}; any other is refused by name, never guessed.
 */
public final class AlertRulesFile {
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Set<String> COMMON = Set.of("id", "name", "severity", "type", "for", "suppress");
    static final List<String> SLICE_COLUMNS =
            Arrays.stream(DimensionColumn.values()).map(DimensionColumn::column).toList();
    static final Duration DEFAULT_SUPPRESS = Duration.ofMinutes(30);

    private final KpiCatalog catalog;
    private final TargetLookup targets;

    public AlertRulesFile(KpiCatalog catalog, TargetLookup targets) {
        this.catalog = catalog;
        this.targets = targets;
    }

    public List<AlertRule> load(Path file) {
        return parse(YamlFile.read(file));
    }

    /** @param source what the errors call the file */
    public List<AlertRule> parse(String yaml, String source) {
        return parse(YamlFile.parse(source, yaml));
    }

    private List<AlertRule> parse(YamlNode root) {
        List<AlertRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode entry : root.allowKeys(Set.of("rules")).required("rules").nonEmptyElements()) {
            String id = entry.required("id").text();
            if (!ID.matcher(id).matches()) throw entry.get("id").problem("must match " + ID.pattern());
            YamlNode r = entry.labelled(id);
            if (!ids.add(id)) throw r.get("id").problem("used by another rule");
            rules.add(rule(r, id));
        }
        return List.copyOf(rules);
    }

    private AlertRule rule(YamlNode r, String id) {
        YamlNode typeNode = r.required("type");
        String label = typeNode.text();
        RuleType type = RuleType.ofLabel(label)
                .orElseThrow(() -> typeNode.problem(
                        "unknown rule type '" + label + "' (known: " + String.join(", ", RuleType.labels()) + ")"));
        Set<String> fields = new HashSet<>(COMMON);
        fields.addAll(type.fields());
        r.allowKeys(fields);
        String name = r.required("name").text();
        Severity severity = severity(r.required("severity"));
        Duration pendingFor = duration(r.get("for"), Duration.ZERO);
        Duration suppressFor = duration(r.get("suppress"), DEFAULT_SUPPRESS);
        return new AlertRule(id, name, severity, condition(type, r), pendingFor, suppressFor);
    }

    private static Severity severity(YamlNode node) {
        try {
            return Severity.valueOf(node.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.problem("must be info, warning or critical");
        }
    }

    private Condition condition(RuleType type, YamlNode r) {
        return switch (type) {
            case THRESHOLD -> threshold(r);
            case PACE -> pace(r);
            case BASELINE -> baseline(r);
            case SILENCE -> silence(r);
            case DEAD_LETTER_RATE -> deadLetterRate(r);
        };
    }

    private Condition threshold(YamlNode r) {
        boolean above = r.has("above");
        if (above == r.has("below")) {
            throw r.get(above ? "below" : "above").problem("a threshold rule has exactly one of above, below");
        }
        KpiSlice slice = slice(r, grain(r.required("grain")));
        return new Condition.Threshold(slice, above, hundredths(r.required(above ? "above" : "below")));
    }

    private Condition pace(YamlNode r) {
        KpiSlice slice = slice(r, Grain.YEAR);
        Map<Integer, Double> byYear = targets.targets(slice.kpiId(), slice.street());
        if (byYear.isEmpty()) {
            throw r.get("kpi")
                    .problem("KPI '" + slice.kpiId() + "' has no target for street '" + slice.street()
                            + "' in the targets table");
        }
        return new Condition.Pace(
                slice, Map.copyOf(byYear), r.required("behind_points").number(0, 100));
    }

    private Condition baseline(YamlNode r) {
        YamlNode direction = r.required("direction");
        if (!direction.text().equals("drop") && !direction.text().equals("spike")) {
            throw direction.problem("must be drop or spike");
        }
        int days = r.has("days") ? (int) r.get("days").whole(1, 31) : 7;
        return new Condition.Baseline(
                slice(r, Grain.DAY),
                direction.text().equals("spike"),
                r.required("change_percent").number(0, 1000),
                days,
                hundredths(r.required("min_volume")));
    }

    private static Condition silence(YamlNode r) {
        YamlNode stream = r.required("stream");
        if (EventStream.named(stream.text()).isEmpty()) {
            throw stream.problem("'" + stream.text() + "' is not one of "
                    + EventStream.all().stream().map(EventStream::name).toList());
        }
        return new Condition.Silence(stream.text(), positive(r.required("after")));
    }

    private static Condition deadLetterRate(YamlNode r) {
        long minEvents = r.required("min_events").whole(1, Long.MAX_VALUE);
        return new Condition.DeadLetterRate(
                r.required("above_percent").number(0, 100), positive(r.required("window")), minEvents);
    }

    private KpiSlice slice(YamlNode r, Grain grain) {
        YamlNode kpiNode = r.required("kpi");
        String kpi = kpiNode.text();
        KpiDefinition def = catalog.byId(kpi)
                .orElseThrow(() -> kpiNode.problem("'" + kpi + "' is not a KPI of the catalog (docs/kpis.md)"));
        String[] values = new String[DimensionColumn.values().length];
        Arrays.fill(values, "");
        r.get("slice").allowKeys(SLICE_COLUMNS).fields().forEach((name, value) -> {
            DimensionColumn column = DimensionColumn.ofColumn(name).orElseThrow();
            if (def.dimensions().stream().noneMatch(d -> d.column() == column)) {
                throw value.problem("KPI '" + kpi + "' is not sliced by " + name);
            }
            String code = value.text();
            if (!ID.matcher(code).matches()) throw value.problem("'" + code + "' is not a code");
            values[column.ordinal()] = code;
        });
        return new KpiSlice(
                kpi,
                grain.label(),
                values[DimensionColumn.STREET.ordinal()],
                values[DimensionColumn.INDUSTRY.ordinal()],
                values[DimensionColumn.EMPLOYMENT_FORM.ordinal()],
                values[DimensionColumn.CATEGORY.ordinal()]);
    }

    private static Grain grain(YamlNode node) {
        try {
            return Grain.ofLabel(node.text());
        } catch (IllegalArgumentException e) {
            throw node.problem("must be day, month or year");
        }
    }

    private static long hundredths(YamlNode node) {
        return Math.round(node.number(0, 1e15) * 100);
    }

    private static Duration duration(YamlNode node, Duration fallback) {
        return node.isMissing() ? fallback : duration(node);
    }

    private static Duration duration(YamlNode node) {
        String text = node.text();
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw node.problem("'" + text + "' is not a duration (e.g. 30s, 10min, 1h)");
        }
    }

    private static Duration positive(YamlNode node) {
        Duration d = duration(node);
        if (d.isZero() || d.isNegative()) throw node.problem("must be longer than zero");
        return d;
    }
}
