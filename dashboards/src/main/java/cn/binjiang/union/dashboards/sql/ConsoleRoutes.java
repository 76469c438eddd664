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
 * The SQL console's API: {@code POST /api/sql} (rows as JSON) and the CSV export, {@code POST /api/sql/csv} and {@code
 * GET /api/sql.csv}.
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);

    private final SqlConsole sqlConsole;

    public ConsoleRoutes(SqlConsole sqlConsole) {
        this.sqlConsole = sqlConsole;
    }

    public void routes(JavalinConfig cfg) {
        cfg.routes.post("/api/sql", this::sql);
        cfg.routes.post("/api/sql/csv", this::sqlCsv);
        cfg.routes.get("/api/sql.csv", this::sqlCsv);
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
        PanelData data = sqlConsole.run(s.user().username(), sql, s.user().scope());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", JsonViews.scope(s.user().scope()));
        out.put("columns", data.columns());
        out.put("rows", data.rows());
        ctx.json(out);
    }

    /**
     * CSV export. The GET form carries the query in the URL, so it is as read-only as POST and a
     * cross-site page could only trigger it blindly (SameSite=Strict keeps the cookie off such requests).
     */
    private void sqlCsv(Context ctx) {
        Session s = AuthenticationFilter.session(ctx);
        String sql = sqlText(ctx);
        LOG.info("sql console csv: {} runs {}", s.user().username(), SqlConsole.logLine(sql));
        PanelData data = sqlConsole.run(s.user().username(), sql, s.user().scope());
        ctx.header("Content-Disposition", "attachment; filename=\"query.csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(SqlConsole.csv(data).getBytes(StandardCharsets.UTF_8));
    }
}
