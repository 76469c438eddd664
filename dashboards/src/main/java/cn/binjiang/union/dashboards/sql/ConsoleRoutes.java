package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.BadRequest;
import cn.binjiang.union.dashboards.api.JsonBody;
import cn.binjiang.union.dashboards.api.JsonViews;
import cn.binjiang.union.dashboards.api.PanelData;
import cn.binjiang.union.dashboards.auth.Sessions.Session;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL console's API: {@code POST /api/sql} (rows as JSON, with the limits they ran under), the CSV export ({@code
 * POST /api/sql/csv} and {@code GET /api/sql.csv}), {@code POST /api/sql/cancel} (stops the user's running query) and
 * {@code GET /api/sql/schema} (the schema browser). Every query run is put in its user's history
 * ({@link QueryBook}).
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);

    private final SqlConsole sqlConsole;
    private final SchemaBrowser schema;
    private final QueryBook book;

    public ConsoleRoutes(SqlConsole sqlConsole, SchemaBrowser schema, QueryBook book) {
        this.sqlConsole = sqlConsole;
        this.schema = schema;
        this.book = book;
    }

    public void routes(JavalinConfig cfg) {
        cfg.routes.post("/api/sql", this::sql);
        cfg.routes.post("/api/sql/csv", this::sqlCsv);
        cfg.routes.get("/api/sql.csv", this::sqlCsv);
        cfg.routes.post("/api/sql/cancel", this::cancel);
        cfg.routes.get(
                "/api/sql/schema",
                ctx -> ctx.json(Map.of(
                        "tables",
                        schema.tables(AuthenticationFilter.session(ctx).user().scope()))));
    }

    /** The SQL console's query: a JSON body {@code {"sql": ...}}, or for the GET export the parameter {@code sql}. */
    private static String sqlText(Context ctx) {
        if (ctx.method() == HandlerType.GET) {
            String q = ctx.queryParam("sql");
            if (q == null) throw new BadRequest("parameter 'sql' missing");
            return q;
        }
        if (!JsonBody.isJson(ctx)) throw new BadRequest("the SQL console takes a JSON body {\"sql\": \"...\"}");
        String sql = JsonBody.text(JsonBody.read(ctx), "sql");
        if (sql == null) throw new BadRequest("body must be {\"sql\": \"...\"}");
        return sql;
    }

    private void sql(Context ctx) {
        Session s = AuthenticationFilter.session(ctx);
        String sql = sqlText(ctx);
        LOG.info("sql console: {} runs {}", s.user().username(), SqlConsole.logLine(sql));
        book.ran(s.user().username(), sql);
        SqlConsole.Answer answer =
                sqlConsole.run(s.user().username(), sql, s.user().scope());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("rows", answer.data().rows().size());
        limits.put("maxRows", answer.maxRows());
        limits.put("elapsedMs", answer.elapsed().toMillis());
        limits.put("maxExecutionSeconds", answer.maxExecutionTime().toSeconds());
        limits.put("profile", answer.profile());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", JsonViews.scope(s.user().scope()));
        out.put("limits", limits);
        out.put("columns", answer.data().columns());
        out.put("rows", answer.data().rows());
        ctx.json(out);
    }

    private void cancel(Context ctx) {
        Session s = AuthenticationFilter.session(ctx);
        int stopped = sqlConsole.cancel(s.user().username());
        LOG.info(
                "sql console: {} cancelled {} running quer{}",
                s.user().username(),
                stopped,
                stopped == 1 ? "y" : "ies");
        ctx.json(Map.of("cancelled", stopped));
    }

    /**
     * CSV export. The GET form carries the query in the URL, so it is as read-only as POST and a
     * cross-site page could only trigger it blindly (SameSite=Strict keeps the cookie off such requests).
     */
    private void sqlCsv(Context ctx) {
        Session s = AuthenticationFilter.session(ctx);
        String sql = sqlText(ctx);
        LOG.info("sql console csv: {} runs {}", s.user().username(), SqlConsole.logLine(sql));
        PanelData data =
                sqlConsole.run(s.user().username(), sql, s.user().scope()).data();
        ctx.header("Content-Disposition", "attachment; filename=\"query.csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(SqlConsole.csv(data).getBytes(StandardCharsets.UTF_8));
    }
}
