package cn.binjiang.union.dashboards.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Headers on every answer: no MIME sniffing, no framing, no referrer; no caching of the API's answers. */
public final class SecurityHeaders implements Handler {
    @Override
    public void handle(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().startsWith("/api/")) ctx.header("Cache-Control", "no-store");
    }
}
