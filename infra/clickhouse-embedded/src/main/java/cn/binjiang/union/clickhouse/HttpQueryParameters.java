package cn.binjiang.union.clickhouse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The URL parameters of one request, split the way ClickHouse splits them: parameters of the HTTP interface
 * itself, {@code param_<name>} query parameters, and everything else, which names a setting for this query.
 */
final class HttpQueryParameters {
    private static final Set<String> INTERFACE = Set.of(
            "query",
            "database",
            "default_format",
            "compress",
            "decompress",
            "query_id",
            "session_id",
            "session_timeout",
            "session_check",
            "user",
            "password",
            "quota_key",
            "enable_http_compression",
            "wait_end_of_query",
            "buffer_size",
            "stacktrace",
            "role");

    private final Map<String, String> interfaceParams = new LinkedHashMap<>();
    private final Map<String, String> queryParameters = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();

    static HttpQueryParameters parse(String rawQuery) {
        HttpQueryParameters p = new HttpQueryParameters();
        if (rawQuery == null) {
            return p;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            p.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return p;
    }

    /** A parameter from another place than the URL: a field of a {@code multipart/form-data} body. */
    void put(String key, String value) {
        if (INTERFACE.contains(key)) {
            interfaceParams.put(key, value);
        } else if (key.startsWith("param_")) {
            queryParameters.put(key.substring("param_".length()), value);
        } else {
            settings.put(key, value);
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ClickHouseException(
                    ClickHouseException.HTTP_PROTOCOL, "URI syntax error: " + e.getMessage() + ". (POCO_EXCEPTION)");
        }
    }

    String get(String name) {
        return interfaceParams.get(name);
    }

    boolean isOn(String name) {
        String v = interfaceParams.get(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** {@code {name:Type}} placeholder values, bound by chDB (never spliced into the SQL text). */
    Map<String, String> queryParameters() {
        return queryParameters;
    }

    /** Settings for this query only, in request order. */
    Map<String, String> settings() {
        return settings;
    }
}
