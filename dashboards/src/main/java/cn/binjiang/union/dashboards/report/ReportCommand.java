package cn.binjiang.union.dashboards.report;

import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * {@code ./platform report --month YYYY-MM}: the monthly report printed to PDF by headless Chromium. It logs in to the
 * running dashboard server (a user's name and password from {@code REPORT_USER} and {@code REPORT_PASSWORD}), asks for
 * a print link ({@link PrintLinks}), has Chromium print it ({@code --print-to-pdf}, waiting out the page's requests
 * with a virtual-time budget), logs out, and checks the PDF is one page.
 *
 * <p>Arguments: {@code --month YYYY-MM --out FILE --url http://host:port --chromium PATH [--street CODE]}. Exit 0
 * written; 2 a bad argument (the flag named); 1 anything else, with what failed.
 */
public final class ReportCommand {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Time the page gets, in Chromium's virtual time, to read its data and draw its charts. */
    static final int VIRTUAL_TIME_BUDGET_MS = 10_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String cookie;
    private String csrf;

    private ReportCommand(String base) {
        this.base = base;
    }

    /** A refusal of the arguments, exit 2. */
    static final class BadArgument extends RuntimeException {
        BadArgument(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        try {
            Map<String, String> options = options(args);
            YearMonth month = month(options.get("--month"));
            Path out = Path.of(required(options, "--out"));
            String user = System.getenv().getOrDefault("REPORT_USER", "");
            String password = System.getenv().getOrDefault("REPORT_PASSWORD", "");
            if (user.isEmpty()) throw new BadArgument("REPORT_USER (the user the report is printed as) is not set");
            ReportCommand command = new ReportCommand(required(options, "--url"));
            int pages =
                    command.print(month, options.get("--street"), user, password, required(options, "--chromium"), out);
            System.out.println("report " + month + ": " + out + " (" + pages + " page, A4 landscape)");
        } catch (BadArgument e) {
            System.err.println("report: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("report: " + e.getMessage());
            System.exit(1);
        }
    }

    static YearMonth month(String text) {
        try {
            return ReportMonth.parse(text, "--month");
        } catch (RuntimeException e) {
            throw new BadArgument(e.getMessage());
        }
    }

    private int print(YearMonth month, String street, String user, String password, String chromium, Path out)
            throws Exception {
        logIn(user, password);
        try {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("month", month.toString());
            if (street != null) request.put("street", street);
            String path = post("/api/report/print-link", request).get("path").asText();
            chromium(chromium, base + path, out);
        } finally {
            post("/api/logout", Map.of());
        }
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            if (pdf.getNumberOfPages() != 1)
                throw new IllegalStateException(out + " has " + pdf.getNumberOfPages() + " pages, not one");
            return pdf.getNumberOfPages();
        }
    }

    private void logIn(String user, String password) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", user, "password", password)))));
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        csrf = JSON.readTree(r.body()).get("csrfToken").asText();
    }

    private JsonNode post(String path, Map<String, ?> body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Cookie", AuthenticationFilter.SESSION_COOKIE + "=" + cookie)
                .header(AuthenticationFilter.CSRF_HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /** The answer, or the server's refusal as the failure (a bad month, a wrong password, another street). */
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the dashboard at " + base + " does not answer (./platform dashboard start)");
        }
        if (r.statusCode() / 100 != 2) {
            String error = r.body().isEmpty()
                    ? ""
                    : JSON.readTree(r.body()).path("error").asText();
            String message = r.request().uri().getPath() + " answered " + r.statusCode() + ": " + error;
            if (r.statusCode() == 400) throw new BadArgument(message);
            throw new IllegalStateException(message);
        }
        return r;
    }

    /** Chromium's own flags, as the browser tests start it: no sandbox (root), no calls home, a profile of its own. */
    private static void chromium(String chromium, String url, Path out) throws Exception {
        Path profile = Files.createTempDirectory("report-chromium-");
        Path log = profile.resolve("chromium.log");
        try {
            Files.deleteIfExists(out);
            List<String> command = new ArrayList<>(List.of(
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--lang=zh-CN",
                    "--user-data-dir=" + profile,
                    "--no-pdf-header-footer",
                    "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS,
                    "--print-to-pdf=" + out.toAbsolutePath(),
                    url));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(chromium + " did not print within 2 minutes");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(out))
                throw new IllegalStateException(chromium + " exited " + p.exitValue() + " without writing " + out
                        + ":\n" + Files.readString(log));
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--month", "--out", "--url", "--chromium", "--street").contains(args[i]))
                throw new BadArgument("unknown argument '" + args[i] + "' (--month YYYY-MM [--out FILE])");
            if (i + 1 >= args.length) throw new BadArgument(args[i] + " needs a value");
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String flag) {
        String value = options.get(flag);
        if (value == null) throw new BadArgument(flag + " is required");
        return value;
    }
}
