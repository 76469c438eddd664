package cn.binjiang.union.dashboards.model;

import cn.binjiang.union.dashboards.config.DashboardOptions;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One panel of a dashboard file: its shape is checked by {@link YamlNode}, its meaning here (KPIs of the
 * catalog, slices those KPIs have, a single SELECT, a chart its grain suits).
 */
final class PanelReader {
    static final Set<String> FIELDS =
            Set.of("id", "title", "kpis", "sql", "chart", "dimensions", "only", "grain", "refresh");
    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private PanelReader() {}

    static Panel read(YamlNode panel, KpiCatalog catalog) {
        panel.allowKeys(FIELDS);
        YamlNode idNode = panel.required("id");
        String id = idNode.text();
        if (!DashboardLoader.ID.matcher(id).matches()) {
            throw idNode.problem("must match " + DashboardLoader.ID.pattern() + ", got '" + id + "'");
        }
        String title = panel.required("title").text();
        boolean hasKpis = panel.has("kpis");
        if (hasKpis == panel.has("sql")) {
            throw hasKpis
                    ? panel.get("sql").problem("a panel has either kpis or sql, not both")
                    : panel.problem("missing kpis or sql (a panel has exactly one)");
        }
        List<String> kpis = hasKpis ? kpis(panel.get("kpis"), catalog) : List.of();
        Optional<String> sql = hasKpis ? Optional.empty() : Optional.of(sql(panel.get("sql")));
        Panel.Chart chart = enumValue(Panel.Chart.class, panel.required("chart"));
        List<DimensionColumn> dimensions = dimensions(panel.get("dimensions"), kpis, catalog);
        if (!hasKpis && !dimensions.isEmpty()) {
            throw panel.get("dimensions")
                    .problem("an sql panel's slices are its own columns; dimensions are for kpis panels");
        }
        Map<DimensionColumn, List<String>> only = only(panel.get("only"), dimensions);
        YamlNode grainNode = panel.required("grain");
        Grain grain = enumValue(Grain.class, grainNode);
        if (chart == Panel.Chart.CARD && hasKpis && (grain != Grain.YEAR || !dimensions.isEmpty())) {
            throw grainNode.problem("a kpis card shows the year against its target: grain year, no dimensions");
        }
        if (chart == Panel.Chart.LINE && hasKpis && grain == Grain.YEAR) {
            throw grainNode.problem("a line chart of kpis is a trend: grain day or month");
        }
        return new Panel(id, title, kpis, sql, chart, dimensions, only, grain, refresh(panel.required("refresh")));
    }

    private static List<String> kpis(YamlNode list, KpiCatalog catalog) {
        List<String> kpis = new ArrayList<>();
        for (YamlNode node : list.nonEmptyElements()) {
            String kpi = node.text();
            if (catalog.byId(kpi).isEmpty()) {
                throw node.problem("'" + kpi + "' is not a KPI of the catalog (docs/kpis.md)");
            }
            kpis.add(kpi);
        }
        return List.copyOf(kpis);
    }

    private static String sql(YamlNode node) {
        String sql = node.text();
        if (sql.endsWith(";")) sql = sql.substring(0, sql.length() - 1).strip();
        if (sql.contains(";")) throw node.problem("a single SELECT statement, without ';'");
        if (!sql.regionMatches(true, 0, "SELECT", 0, 6) && !sql.regionMatches(true, 0, "WITH", 0, 4)) {
            throw node.problem("must be a SELECT (or WITH ... SELECT) query");
        }
        return sql;
    }

    /** Each dimension must slice every KPI of the panel: a panel reads one row per code of each. */
    private static List<DimensionColumn> dimensions(YamlNode list, List<String> kpis, KpiCatalog catalog) {
        List<DimensionColumn> dimensions = new ArrayList<>();
        for (YamlNode node : list.elements()) {
            DimensionColumn dimension = enumValue(DimensionColumn.class, node);
            if (dimensions.contains(dimension)) throw node.problem("'" + node.text() + "' listed twice");
            for (String kpi : kpis) {
                if (catalog.byId(kpi).orElseThrow().dimensions().stream().noneMatch(d -> d.column() == dimension)) {
                    throw node.problem("KPI '" + kpi + "' is not sliced by " + dimension.column());
                }
            }
            dimensions.add(dimension);
        }
        return List.copyOf(dimensions);
    }

    /** {@code only: {dimension: [code, ...]}}: the codes of a panel dimension the panel keeps. */
    private static Map<DimensionColumn, List<String>> only(YamlNode map, List<DimensionColumn> dimensions) {
        if (map.isMissing()) return Map.of();
        Map<String, YamlNode> fields = map.fields();
        if (fields.isEmpty()) throw map.problem("must map a dimension to the codes to keep");
        Map<DimensionColumn, List<String>> only = new LinkedHashMap<>();
        fields.forEach((name, codes) -> {
            DimensionColumn dimension = enumValue(DimensionColumn.class, name, codes);
            if (!dimensions.contains(dimension)) {
                throw codes.problem("'" + name + "' is not one of the panel's dimensions");
            }
            List<String> kept = new ArrayList<>();
            for (YamlNode node : codes.nonEmptyElements()) {
                String code = node.text();
                if (!CODE.matcher(code).matches()) {
                    throw node.problem("'" + code + "' is not a code (" + CODE.pattern() + ")");
                }
                kept.add(code);
            }
            only.put(dimension, List.copyOf(kept));
        });
        return Map.copyOf(only);
    }

    private static Duration refresh(YamlNode node) {
        try {
            return DashboardOptions.duration(node.text());
        } catch (ConfigurationException e) {
            throw node.problem(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, YamlNode node) {
        return enumValue(type, node.text(), node);
    }

    /** @param at the node an unknown value is reported at (for a map key: its value) */
    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, YamlNode at) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = Stream.of(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toList();
            throw at.problem("'" + text + "' is not one of " + allowed);
        }
    }
}
