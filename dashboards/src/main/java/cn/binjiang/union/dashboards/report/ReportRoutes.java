package cn.binjiang.union.dashboards.report;

import cn.binjiang.union.dashboards.api.JsonBody;
import cn.binjiang.union.dashboards.auth.Sessions.Session;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import cn.binjiang.union.dashboards.web.LoginRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * The monthly report's API ({@code GET /api/report?month=YYYY-MM[&street=]}, the page {@code /report} reads it) and
 * its print links: {@code POST /api/report/print-link} gives a logged-in caller a single-use path under
 * {@link #PRINT_PATH} that logs a browser into the caller's session and sends it on to the report
 * ({@link PrintLinks}). A street officer's report, like every answer, is their street's.
 */
public final class ReportRoutes {
    /** Opened without a session: the link itself is the credential. */
    public static final String PRINT_PATH = "/report/print/";

    private final MonthlyReport report;
    private final PrintLinks links;
    private final DashboardConfig config;

    public ReportRoutes(MonthlyReport report, PrintLinks links, DashboardConfig config) {
        this.report = report;
        this.links = links;
        this.config = config;
    }

    public void routes(JavalinConfig cfg) {
        cfg.routes.get("/api/report", ctx -> {
            Session s = AuthenticationFilter.session(ctx);
            YearMonth month = ReportMonth.parse(ctx.queryParam("month"), "month");
            ctx.json(report.of(month, s.user().view(ctx.queryParam("street"))));
        });
        cfg.routes.post("/api/report/print-link", this::issue);
        cfg.routes.get(PRINT_PATH + "{token}", this::redeem);
    }

    /** {@code {"month": "2022-06", "street": "xixing"?}} -> {@code {"path": "/report/print/<token>"}}. */
    private void issue(Context ctx) {
        Session s = AuthenticationFilter.session(ctx);
        JsonNode body = JsonBody.read(ctx);
        YearMonth month = ReportMonth.parse(JsonBody.text(body, "month"), "month");
        Optional<String> street = s.user().view(JsonBody.text(body, "street"));
        String page = "/report?month=" + month + street.map(x -> "&street=" + x).orElse("");
        String token = links.issue(new PrintLinks.Target(ctx.cookie(AuthenticationFilter.SESSION_COOKIE), page));
        ctx.json(Map.of("path", PRINT_PATH + token));
    }

    private void redeem(Context ctx) {
        PrintLinks.Target target = links.redeem(ctx.pathParam("token"))
                .orElseThrow(() -> new NotFoundResponse("print link unknown, used or expired"));
        ctx.cookie(LoginRoutes.sessionCookie(target.cookie(), config));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(target.page());
    }
}
