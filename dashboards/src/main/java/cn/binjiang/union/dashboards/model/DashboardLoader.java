package cn.binjiang.union.dashboards.model;

import cn.binjiang.union.dashboards.config.DashboardOptions;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import cn.binjiang.union.settings.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads dashboard YAML files and checks them completely, so that a bad file stops the server at start
 * with a message naming the file, the panel and the field. Panel ids are unique across all dashboards
 * (the API addresses a panel by id alone).
 */
public final class DashboardLoader {
    /** The bundled dashboards on the classpath. */
    public static final List<String> BUNDLED = List.of("district");
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern KPI_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Set<String> DASHBOARD_FIELDS = Set.of("title", "panels");
    static final Set<String> PANEL_FIELDS = Set.of("id", "title", "kpis", "sql", "chart", "dimensions", "only", "grain", "refresh");
    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** The KPI catalog (schemas/src/main/resources/kpi/catalog.yaml): panels may only name its KPIs and their slices. */
    public static final KpiCatalog CATALOG = KpiCatalog.fromClasspath();

    private DashboardLoader() {}

    /** The dashboards of {@code dir} ({@code *.yaml}), or the bundled ones when empty. */
    public static Map<String, Dashboard> load(Optional<Path> dir) {
        Map<String, String> sources = new LinkedHashMap<>();
        if (dir.isPresent()) {
            try (Stream<Path> files = Files.list(dir.get())) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                    sources.put(f.getFileName().toString().replaceFirst("\\.yaml$", ""), Files.readString(f, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new ConfigurationException("dashboards.dir " + dir.get() + ": cannot read: " + e.getMessage(), e);
            }
            if (sources.isEmpty()) throw new ConfigurationException("dashboards.dir " + dir.get() + ": no *.yaml dashboard");
        } else {
            for (String name : BUNDLED) sources.put(name, classpath("dashboards/" + name + ".yaml"));
        }
        Map<String, Dashboard> dashboards = new LinkedHashMap<>();
        Set<String> panelIds = new HashSet<>();
        for (var e : sources.entrySet()) {
            Dashboard d = parse(e.getKey(), e.getValue());
            for (Panel p : d.panels()) {
                if (!panelIds.add(p.id())) {
                    throw new ConfigurationException("dashboard '" + d.name() + "', panel '" + p.id() + "': field 'id': used by another panel");
                }
            }
            dashboards.put(d.name(), d);
        }
        return dashboards;
    }

    private static String classpath(String resource) {
        try (InputStream in = DashboardLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new ConfigurationException("dashboard resource " + resource + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses one dashboard file's text; {@code name} is its file name without {@code .yaml}. */
    public static Dashboard parse(String name, String yaml) {
        String where = "dashboard '" + name + "'";
        if (!ID.matcher(name).matches()) throw new ConfigurationException(where + ": the name must match " + ID.pattern());
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigurationException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ConfigurationException(where + ": expected a map with title and panels");
        unknownFields(root, DASHBOARD_FIELDS, where);
        String title = text(root, "title", where);
        JsonNode panels = root.get("panels");
        if (panels == null || !panels.isArray() || panels.isEmpty()) {
            throw new ConfigurationException(where + ": field 'panels': a non-empty list of panels is required");
        }
        List<Panel> list = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < panels.size(); i++) {
            JsonNode p = panels.get(i);
            String at = where + ", panel #" + (i + 1);
            if (!p.isObject()) throw new ConfigurationException(at + ": expected a map of fields");
            JsonNode idNode = p.get("id");
            if (idNode != null && idNode.isTextual()) at = where + ", panel '" + idNode.asText() + "'";
            Panel panel = panel(p, at);
            if (!ids.add(panel.id())) throw new ConfigurationException(at + ": field 'id': duplicate panel id");
            list.add(panel);
        }
        return new Dashboard(name, title, List.copyOf(list));
    }

    private static Panel panel(JsonNode p, String at) {
        unknownFields(p, PANEL_FIELDS, at);
        String id = text(p, "id", at);
        if (!ID.matcher(id).matches()) throw field(at, "id", "must match " + ID.pattern() + ", got '" + id + "'");
        String title = text(p, "title", at);
        boolean hasKpis = p.has("kpis");
        boolean hasSql = p.has("sql");
        if (hasKpis == hasSql) throw field(at, hasKpis ? "sql" : "kpis", "a panel has either kpis or sql, exactly one");
        List<String> kpis = List.of();
        Optional<String> sql = Optional.empty();
        if (hasKpis) {
            kpis = list(p, "kpis", at);
            if (kpis.isEmpty()) throw field(at, "kpis", "must list at least one KPI id");
            for (String k : kpis) {
                if (!KPI_ID.matcher(k).matches() || CATALOG.byId(k).isEmpty()) {
                    throw field(at, "kpis", "'" + k + "' is not a KPI of the catalog (docs/kpis.md)");
                }
            }
        } else {
            String s = text(p, "sql", at).strip();
            if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
            if (s.contains(";")) throw field(at, "sql", "a single SELECT statement, without ';'");
            if (!s.regionMatches(true, 0, "SELECT", 0, 6) && !s.regionMatches(true, 0, "WITH", 0, 4)) {
                throw field(at, "sql", "must be a SELECT (or WITH ... SELECT) query");
            }
            sql = Optional.of(s);
        }
        Panel.Chart chart = enumValue(Panel.Chart.class, text(p, "chart", at), at, "chart");
        List<DimensionColumn> dimensions = new ArrayList<>();
        if (p.has("dimensions")) {
            for (String d : list(p, "dimensions", at)) {
                DimensionColumn dim = enumValue(DimensionColumn.class, d, at, "dimensions");
                if (dimensions.contains(dim)) throw field(at, "dimensions", "'" + d + "' listed twice");
                dimensions.add(dim);
            }
        }
        for (String k : kpis) {
            KpiDefinition kpi = CATALOG.byId(k).orElseThrow();
            for (DimensionColumn d : dimensions) {
                if (kpi.dimensions().stream().noneMatch(kd -> kd.column() == d)) {
                    throw field(at, "dimensions", "KPI '" + k + "' is not sliced by " + d.column());
                }
            }
        }
        if (hasSql && !dimensions.isEmpty()) {
            throw field(at, "dimensions", "an sql panel's slices are its own columns; dimensions are for kpis panels");
        }
        Map<DimensionColumn, List<String>> only = only(p, dimensions, at);
        Grain grain = enumValue(Grain.class, text(p, "grain", at), at, "grain");
        if (chart == Panel.Chart.CARD && hasKpis && (grain != Grain.YEAR || !dimensions.isEmpty())) {
            throw field(at, "grain", "a kpis card shows the year against its target: grain year, no dimensions");
        }
        if (chart == Panel.Chart.LINE && hasKpis && grain == Grain.YEAR) {
            throw field(at, "grain", "a line chart of kpis is a trend: grain day or month");
        }
        java.time.Duration refresh;
        try {
            refresh = DashboardOptions.duration(text(p, "refresh", at));
        } catch (ConfigurationException e) {
            throw field(at, "refresh", e.getMessage());
        }
        return new Panel(id, title, List.copyOf(kpis), sql, chart, List.copyOf(dimensions), only, grain, refresh);
    }

    /** {@code only: {dimension: [code, ...]}}: the codes of a panel dimension the panel keeps. */
    private static Map<DimensionColumn, List<String>> only(JsonNode p, List<DimensionColumn> dimensions, String at) {
        if (!p.has("only")) return Map.of();
        JsonNode only = p.get("only");
        if (!only.isObject() || only.isEmpty()) throw field(at, "only", "must map a dimension to the codes to keep");
        Map<DimensionColumn, List<String>> out = new LinkedHashMap<>();
        for (Iterator<String> it = only.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            DimensionColumn d = enumValue(DimensionColumn.class, name, at, "only");
            if (!dimensions.contains(d)) throw field(at, "only", "'" + name + "' is not one of the panel's dimensions");
            List<String> codes = list(only, name, at + ", only");
            if (codes.isEmpty()) throw field(at, "only", "'" + name + "' lists no code");
            for (String c : codes) {
                if (!CODE.matcher(c).matches()) throw field(at, "only", "'" + c + "' is not a code (" + CODE.pattern() + ")");
            }
            out.put(d, List.copyOf(codes));
        }
        return Map.copyOf(out);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) throw field(at, f, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    private static String text(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw field(at, name, "required");
        if (!v.isValueNode() || v.asText().isBlank()) throw field(at, name, "must be a non-blank value");
        return v.asText();
    }

    private static List<String> list(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) throw field(at, name, "must be a list");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) throw field(at, name, "must be a list of non-blank strings");
            out.add(e.asText().strip());
        }
        return out;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String at, String field) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = Stream.of(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw field(at, field, "'" + text + "' is not one of " + allowed);
        }
    }

    private static ConfigurationException field(String at, String field, String problem) {
        return new ConfigurationException(at + ": field '" + field + "': " + problem);
    }
}
