package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.BadRequest;
import cn.binjiang.union.dashboards.api.JsonBody;
import cn.binjiang.union.dashboards.auth.User;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The console's history and saved queries ({@link QueryBook}): {@code GET /api/sql/history}, {@code GET
 * /api/sql/saved}, {@code POST /api/sql/saved} and {@code GET /api/sql/saved/{id}}. They hand out SQL only; running
 * it is {@code POST /api/sql}, checked for whoever runs it.
 */
public final class SavedQueryRoutes {
    private final QueryBook book;

    public SavedQueryRoutes(QueryBook book) {
        this.book = book;
    }

    public void routes(JavalinConfig cfg) {
        cfg.routes.get("/api/sql/history", ctx -> ctx.json(Map.of("history", book.history(user(ctx)))));
        cfg.routes.get("/api/sql/saved", ctx -> ctx.json(Map.of("saved", book.visibleTo(user(ctx)))));
        cfg.routes.post("/api/sql/saved", this::save);
        cfg.routes.get("/api/sql/saved/{id}", ctx -> ctx.json(book.get(user(ctx), id(ctx))));
    }

    private static String user(Context ctx) {
        User user = AuthenticationFilter.session(ctx).user();
        return user.username();
    }

    private static long id(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequest("a saved query's id is a number (got '" + id + "')");
        }
    }

    /** Body {@code {"name", "sql", "shared"}} ({@code shared} optional, false); 201 with the saved query. */
    private void save(Context ctx) {
        if (!JsonBody.isJson(ctx))
            throw new BadRequest("a saved query is a JSON body {\"name\": ..., \"sql\": ..., \"shared\": ...}");
        JsonNode body = JsonBody.read(ctx);
        JsonNode shared = body == null ? null : body.get("shared");
        if (shared != null && !shared.isBoolean()) throw new BadRequest("'shared' is true or false");
        ctx.status(201)
                .json(book.save(
                        user(ctx),
                        JsonBody.text(body, "name"),
                        JsonBody.text(body, "sql"),
                        shared != null && shared.asBoolean()));
    }
}
