package cn.binjiang.union.dashboards.web;

import cn.binjiang.union.dashboards.api.JsonBody;
import cn.binjiang.union.dashboards.api.JsonViews;
import cn.binjiang.union.dashboards.auth.LoginThrottle;
import cn.binjiang.union.dashboards.auth.Sessions;
import cn.binjiang.union.dashboards.auth.User;
import cn.binjiang.union.dashboards.auth.Users;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics.LoginRefusal;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging in and out: {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/session}. */
public final class LoginRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);

    private final DashboardConfig config;
    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle loginThrottle;
    private final DashboardMetrics metrics;

    public LoginRoutes(
            DashboardConfig config,
            Users users,
            Sessions sessions,
            LoginThrottle loginThrottle,
            DashboardMetrics metrics) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
        this.loginThrottle = loginThrottle;
        this.metrics = metrics;
    }

    public void routes(JavalinConfig cfg) {
        cfg.routes.post("/api/login", this::login);
        cfg.routes.post("/api/logout", this::logout);
        cfg.routes.get("/api/session", ctx -> ctx.json(JsonViews.session(AuthenticationFilter.session(ctx))));
    }

    /**
     * Login takes JSON only: a cross-site HTML form cannot send {@code application/json} without a CORS
     * preflight this server never grants, so another site cannot log a browser in (login CSRF). The
     * answer's {@code redirect} is where the login page sends the browser: the body's {@code next} if
     * {@link NextPage} finds it a path of this site, else {@code /}.
     */
    private void login(Context ctx) {
        if (!JsonBody.isJson(ctx)) {
            ctx.status(415).json(Map.of("error", "login takes a JSON body {\"username\": ..., \"password\": ...}"));
            return;
        }
        JsonNode body = JsonBody.read(ctx);
        String username = JsonBody.text(body, "username");
        String password = JsonBody.text(body, "password");
        Optional<LoginThrottle.Lockout> lockout = loginThrottle.locked(username, ctx.ip());
        if (lockout.isPresent()) {
            metrics.loginRefused(LoginRefusal.LOCKED_OUT);
            LOG.warn(
                    "login of {} from {} refused: too many failed attempts {}",
                    Users.forLog(username),
                    ctx.ip(),
                    switch (lockout.get()) {
                        case ADDRESS -> "from this address";
                        case USER -> "from all addresses together (per-user lockout)";
                    });
            ctx.status(429)
                    .json(Map.of(
                            "error",
                            "登录失败次数过多，请稍后再试 (too many failed logins; wait "
                                    + config.loginLockout().toMinutes() + " min)"));
            return;
        }
        Optional<User> user = users.authenticate(username, password);
        if (user.isEmpty()) {
            loginThrottle.failed(username, ctx.ip());
            metrics.loginRefused(LoginRefusal.WRONG_PASSWORD);
            LOG.info("login refused for {} from {}", Users.forLog(username), ctx.ip());
            ctx.status(401).json(Map.of("error", "用户名或密码错误 (wrong username or password)"));
            return;
        }
        loginThrottle.succeeded(username, ctx.ip());
        Sessions.Opened opened = sessions.open(user.get());
        LOG.info(
                "login of {} from {}{}",
                user.get().username(),
                ctx.ip(),
                opened.endedSessions() == 0 ? "" : " ended their " + opened.endedSessions() + " earlier session(s)");
        ctx.cookie(sessionCookie(opened.cookie(), config));
        Map<String, Object> out = JsonViews.session(opened.session());
        out.put("redirect", NextPage.of(JsonBody.text(body, "next")));
        ctx.json(out);
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Secure unless in demo mode, for the session's lifetime. */
    public static Cookie sessionCookie(String value, DashboardConfig config) {
        return new Cookie(
                AuthenticationFilter.SESSION_COOKIE,
                value,
                "/",
                (int) config.sessionTtl().toSeconds(),
                config.secureCookie(),
                true,
                null,
                SameSite.STRICT);
    }

    private void logout(Context ctx) {
        sessions.close(AuthenticationFilter.session(ctx));
        ctx.cookie(new Cookie(
                AuthenticationFilter.SESSION_COOKIE, "", "/", 0, config.secureCookie(), true, null, SameSite.STRICT));
        ctx.status(204);
    }
}
