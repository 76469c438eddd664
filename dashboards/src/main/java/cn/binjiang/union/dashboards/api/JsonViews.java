package cn.binjiang.union.dashboards.api;

import cn.binjiang.union.dashboards.auth.Sessions.Session;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the API answers about a session, a scope and a panel, as the JSON objects the pages read. */
public final class JsonViews {
    private JsonViews() {}

    public static Map<String, Object> session(Session s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", s.user().username());
        out.put("name", s.user().displayName());
        out.put("role", s.user().role().name().toLowerCase(java.util.Locale.ROOT));
        out.put("street", s.user().street().orElse(null));
        out.put("csrfToken", s.csrfToken());
        return out;
    }

    public static Map<String, Object> scope(Optional<String> street) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("street", street.orElse(null));
        return out;
    }

    /** A KPI as the pages name it: id, Chinese name, unit, and whether it has a target (a completion rate). */
    public static Map<String, Object> kpi(KpiDefinition kpi) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", kpi.id());
        m.put("name", kpi.nameZh());
        m.put("unit", kpi.unit());
        m.put("hasTarget", kpi.target().isPresent());
        return m;
    }

    public static Map<String, Object> panel(Panel p, KpiCatalog catalog) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("title", p.title());
        out.put("chart", p.chart().name().toLowerCase(java.util.Locale.ROOT));
        out.put(
                "kpis",
                p.kpis().stream().map(k -> kpi(catalog.byId(k).orElseThrow())).toList());
        out.put("sql", p.isSql());
        out.put(
                "dimensions",
                p.dimensions().stream().map(DimensionColumn::column).toList());
        out.put("grain", p.grain().name().toLowerCase(java.util.Locale.ROOT));
        out.put("refreshSeconds", Math.max(1, p.refresh().toSeconds()));
        return out;
    }
}
