package cn.binjiang.union.dashboards.web;

import cn.binjiang.union.dashboards.auth.User;
import cn.binjiang.union.dashboards.model.Definitions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Function;

/**
 * The pages: the login, the district cockpit, a street's view (the same page, scoped by the server), a KPI's
 * drill-down page (the same page again, of the district or a street), the printable monthly report and the SQL
 * console, and their scripts and styles, ECharts included. Everything is served by this server
 * from the classpath: the federation's users sit on an intranet without a CDN.
 */
public final class WebPages {
    /** Paths a browser may load without a session: the login page and the static files it needs. */
    public static final String ASSETS = "/assets/";
    /** Same-origin only; no inline script, so an injected {@code <script>} in data cannot run. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final String login = resource("web/login.html");
    private final String cockpit = resource("web/cockpit.html");
    private final String console = resource("web/console.html");
    private final String report = resource("web/report.html");
    private final Definitions definitions;

    public WebPages(Definitions definitions) {
        this.definitions = definitions;
    }

    /** Registers the pages; {@code user} answers the logged-in user of a request (401 when there is none). */
    public void routes(JavalinConfig cfg, Function<Context, User> user) {
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/assets";
            sf.directory = "/web/assets";
            sf.location = Location.CLASSPATH;
        });
        // one file of the webjar, by route: Javalin's static handler cannot list a jar without directory entries
        byte[] echarts = bytes("META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js");
        cfg.routes.get("/assets/echarts.min.js", ctx -> {
            ctx.header("Cache-Control", "public, max-age=86400");
            ctx.contentType("text/javascript; charset=utf-8").result(echarts);
        });
        cfg.routes.get("/login", ctx -> page(ctx, login));
        cfg.routes.get("/cockpit", ctx -> {
            User u = user.apply(ctx);
            // the query goes along: an officer opening the large-screen link (?screen=large) gets their street's
            if (u.scope().isPresent())
                ctx.redirect(withQuery(streetPath(u.scope().get()), ctx));
            else page(ctx, cockpit);
        });
        cfg.routes.get("/street/{street}", ctx -> {
            user.apply(ctx).view(ctx.pathParam("street"));
            page(ctx, cockpit);
        });
        // a KPI's page is the cockpit's page too: the drill-down from a card, shown over the cockpit (assets/drill.js)
        cfg.routes.get("/kpi/{kpi}", ctx -> {
            User u = user.apply(ctx);
            String kpi = knownKpi(ctx);
            if (u.scope().isPresent())
                ctx.redirect(withQuery(streetPath(u.scope().get()) + "/kpi/" + kpi, ctx));
            else page(ctx, cockpit);
        });
        cfg.routes.get("/street/{street}/kpi/{kpi}", ctx -> {
            user.apply(ctx).view(ctx.pathParam("street"));
            knownKpi(ctx);
            page(ctx, cockpit);
        });
        // the printable monthly report (A4 landscape, one page); ./platform report prints it to PDF
        cfg.routes.get("/report", ctx -> {
            user.apply(ctx).view(ctx.queryParam("street"));
            page(ctx, report);
        });
        cfg.routes.get("/console", ctx -> {
            user.apply(ctx);
            page(ctx, console);
        });
    }

    /** The request's KPI id, one of the catalog's (404 otherwise). */
    private String knownKpi(Context ctx) {
        String kpi = ctx.pathParam("kpi");
        if (definitions.current().catalog().byId(kpi).isEmpty()) throw new NotFoundResponse("no KPI '" + kpi + "'");
        return kpi;
    }

    /** Where a user lands after login: a street officer on their street, everyone else on the district. */
    public static String landing(User u) {
        return u.scope().map(WebPages::streetPath).orElse("/cockpit");
    }

    /** The login page, coming back to {@code path} afterwards. */
    public static String loginFor(String path) {
        return "/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    /** {@code path} with the request's query, if it has one: a page's layout (?screen=large) survives a redirect. */
    static String withQuery(String path, Context ctx) {
        return ctx.queryString() == null ? path : path + "?" + ctx.queryString();
    }

    private static String streetPath(String street) {
        return "/street/" + street;
    }

    private static void page(Context ctx, String html) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Cache-Control", "no-store");
        ctx.html(html);
    }

    static String echartsVersion() {
        Properties p = new Properties();
        try (InputStream in = WebPages.class.getClassLoader().getResourceAsStream("dashboard-build.properties")) {
            if (in == null) throw new IllegalStateException("dashboard-build.properties missing from the classpath");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("echarts.version");
    }

    static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = WebPages.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
