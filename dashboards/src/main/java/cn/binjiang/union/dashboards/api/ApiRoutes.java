package cn.binjiang.union.dashboards.api;

import cn.binjiang.union.dashboards.alerts.AlertFeed;
import cn.binjiang.union.dashboards.auth.Sessions.Session;
import cn.binjiang.union.dashboards.export.CsvExport;
import cn.binjiang.union.dashboards.export.XlsxExport;
import cn.binjiang.union.dashboards.model.Dashboard;
import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages' JSON API: the dashboards and their panels' data (also as CSV and .xlsx downloads), a KPI's drill-down
 * page, the labels and years the pages show, the data clock, the alert feed and its acknowledgement. Every answer is
 * for the request's session; a street officer's is their street's.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private final Definitions definitions;
    private final PanelService panelService;
    private final ReferenceData referenceData;
    private final DataClock clock;
    private final KpiDetail kpiDetail;
    private final AlertFeed alerts;

    public ApiRoutes(
            Definitions definitions,
            PanelService panelService,
            ReferenceData referenceData,
            DataClock clock,
            KpiDetail kpiDetail,
            AlertFeed alerts) {
        this.definitions = definitions;
        this.panelService = panelService;
        this.referenceData = referenceData;
        this.clock = clock;
        this.kpiDetail = kpiDetail;
        this.alerts = alerts;
    }

    public void routes(JavalinConfig cfg) {
        cfg.routes.get("/api/health", ctx -> ctx.json(Map.of("status", "ok")));
        cfg.routes.get("/api/dashboards", this::listDashboards);
        cfg.routes.get("/api/dashboards/{name}", this::dashboard);
        cfg.routes.get("/api/panels/{id}", this::panel);
        cfg.routes.get("/api/kpis/{id}", this::kpi);
        cfg.routes.get("/api/panels/{id}/export.csv", ctx -> {
            Answer a = answer(ctx);
            download(ctx, a, "csv", CsvExport.CONTENT_TYPE, CsvExport.of(a.data()));
        });
        cfg.routes.get("/api/panels/{id}/export.xlsx", ctx -> {
            Answer a = answer(ctx);
            download(
                    ctx,
                    a,
                    "xlsx",
                    XlsxExport.CONTENT_TYPE,
                    XlsxExport.of(a.data(), a.panel().title()));
        });
        cfg.routes.get("/api/labels", ctx -> {
            AuthenticationFilter.session(ctx);
            ctx.json(referenceData.labels());
        });
        cfg.routes.get("/api/years", ctx -> {
            AuthenticationFilter.session(ctx);
            ctx.json(referenceData.years());
        });
        cfg.routes.get("/api/clock", this::clock);
        cfg.routes.get(
                "/api/alerts",
                ctx -> ctx.json(
                        alerts.current(AuthenticationFilter.session(ctx).user().view(ctx.queryParam("street")))));
        cfg.routes.post("/api/alerts/{id}/ack", this::acknowledge);
    }

    private void listDashboards(Context ctx) {
        AuthenticationFilter.session(ctx);
        ctx.json(definitions.current().dashboards().values().stream()
                .map(d -> Map.of("name", d.name(), "title", d.title()))
                .toList());
    }

    private void dashboard(Context ctx) {
        Session s = AuthenticationFilter.session(ctx);
        Definitions.Current now = definitions.current();
        Dashboard d = now.dashboards().get(ctx.pathParam("name"));
        if (d == null) throw new NotFoundResponse("no dashboard '" + ctx.pathParam("name") + "'");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("title", d.title());
        out.put("scope", JsonViews.scope(s.user().scope()));
        out.put(
                "panels",
                d.panels().stream().map(p -> JsonViews.panel(p, now.catalog())).toList());
        ctx.json(out);
    }

    /** A panel's data for the request's session, year and street: what the panel shows and its exports hold. */
    private record Answer(Panel panel, KpiCatalog catalog, int year, Optional<String> street, PanelData data) {}

    private Answer answer(Context ctx) throws Exception {
        Session s = AuthenticationFilter.session(ctx);
        Definitions.Current now = definitions.current();
        Panel p = now.panels().get(ctx.pathParam("id"));
        if (p == null) throw new NotFoundResponse("no panel '" + ctx.pathParam("id") + "'");
        int year = year(ctx.queryParam("year"));
        Optional<String> street = s.user().view(ctx.queryParam("street"));
        return new Answer(p, now.catalog(), year, street, panelService.data(p, year, street));
    }

    private void panel(Context ctx) throws Exception {
        Answer a = answer(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("panel", JsonViews.panel(a.panel(), a.catalog()));
        out.put("year", a.year());
        out.put("scope", JsonViews.scope(a.street()));
        out.put("columns", a.data().columns());
        out.put("rows", a.data().rows());
        ctx.json(out);
    }

    /** A KPI's page (the drill-down from its card): {@link KpiDetail}, for the district or the street asked for. */
    private void kpi(Context ctx) throws Exception {
        Session s = AuthenticationFilter.session(ctx);
        KpiDefinition kpi = definitions
                .current()
                .catalog()
                .byId(ctx.pathParam("id"))
                .orElseThrow(() -> new RequestRefused(404, "no KPI '" + ctx.pathParam("id") + "'"));
        int year = year(ctx.queryParam("year"));
        ctx.json(kpiDetail.of(kpi, year, s.user().view(ctx.queryParam("street"))));
    }

    /** A file download named after the panel, year and street, e.g. {@code unions_by_street-2022-xixing.csv}. */
    private static void download(Context ctx, Answer a, String extension, String contentType, byte[] body) {
        String name =
                a.panel().id() + "-" + a.year() + a.street().map(s -> "-" + s).orElse("") + "." + extension;
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(contentType).result(body);
    }

    /** {@code {"asOf": "2022-12-31T17:45:00.000+08:00"}}, or {@code null} before the first event. */
    private void clock(Context ctx) throws Exception {
        AuthenticationFilter.session(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", clock.asOf().map(DataClock::text).orElse(null));
        ctx.json(out);
    }

    private void acknowledge(Context ctx) throws Exception {
        Session s = AuthenticationFilter.session(ctx);
        String alertId = ctx.pathParam("id");
        String transition =
                alerts.acknowledge(alertId, s.user().username(), s.user().scope());
        LOG.info(
                "alert {} ({}) acknowledged by {}",
                alertId,
                transition,
                s.user().username());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alertId", alertId);
        out.put("transitionId", transition);
        out.put("ackedBy", s.user().username());
        ctx.json(out);
    }

    static int year(String text) {
        if (text == null || text.isBlank())
            return LocalDate.now(KpiCalendar.ZONE).getYear();
        try {
            int y = Integer.parseInt(text.strip());
            if (y >= 2000 && y <= 2100) return y;
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new BadRequest("year must be a year 2000..2100, got '" + text + "'");
    }
}
