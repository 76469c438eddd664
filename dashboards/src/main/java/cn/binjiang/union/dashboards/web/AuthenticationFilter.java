package cn.binjiang.union.dashboards.web;

import cn.binjiang.union.dashboards.auth.Sessions;
import cn.binjiang.union.dashboards.auth.Sessions.Session;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics;
import cn.binjiang.union.dashboards.report.ReportRoutes;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;
import java.util.Set;

/**
 * Before every handler: the session of the request's cookie, required on every non-public path (an API answers
 * 401, a page sends the browser to the login page), and the CSRF token on every state-changing request (403).
 * Handlers read the request's session with {@link #session}.
 */
public final class AuthenticationFilter implements Handler {
    public static final String SESSION_COOKIE = "bjuk_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final Set<String> PUBLIC_PATHS = Set.of("/api/login", "/api/health", "/login", DashboardMetrics.PATH);
    static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String SESSION_ATTRIBUTE = "session";
    private static final String LOGIN_REQUIRED = "请先登录 (login required)";

    private final Sessions sessions;

    public AuthenticationFilter(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void handle(Context ctx) {
        Optional<Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        session.ifPresent(s -> ctx.attribute(SESSION_ATTRIBUTE, s));
        if (PUBLIC_PATHS.contains(ctx.path())
                || ctx.path().startsWith(WebPages.ASSETS)
                || ctx.path().startsWith(ReportRoutes.PRINT_PATH)) return;
        if (session.isEmpty()) {
            if (ctx.path().startsWith("/api/")) throw new UnauthorizedResponse(LOGIN_REQUIRED);
            ctx.redirect(WebPages.loginFor(WebPages.withQuery(ctx.path(), ctx)));
            ctx.skipRemainingHandlers();
            return;
        }
        if (!SAFE_METHODS.contains(ctx.method())
                && !Sessions.constantTimeEquals(
                        ctx.header(CSRF_HEADER), session.get().csrfToken())) {
            throw new ForbiddenResponse("CSRF token missing or wrong (header " + CSRF_HEADER + ")");
        }
    }

    /** The session this filter found for the request; 401 when there is none (a public path's request). */
    public static Session session(Context ctx) {
        Session s = ctx.attribute(SESSION_ATTRIBUTE);
        if (s == null) throw new UnauthorizedResponse(LOGIN_REQUIRED);
        return s;
    }
}
