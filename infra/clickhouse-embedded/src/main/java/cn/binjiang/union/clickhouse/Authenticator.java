package cn.binjiang.union.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.http.HttpFields;

/** Finds the credentials in a request wherever ClickHouse accepts them and checks them against the users. */
final class Authenticator {
    private final UserDirectory users;

    Authenticator(UserDirectory users) {
        this.users = users;
    }

    UserDirectory.User authenticate(HttpFields headers, HttpQueryParameters params) {
        String name = "default";
        String password = "";
        String basic = headers.get("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded =
                        new String(Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw failed(name);
            }
            int colon = decoded.indexOf(':');
            name = colon < 0 ? decoded : decoded.substring(0, colon);
            password = colon < 0 ? "" : decoded.substring(colon + 1);
        } else if (headers.contains("X-ClickHouse-User") || headers.contains("X-ClickHouse-Key")) {
            name = orDefault(headers.get("X-ClickHouse-User"), "default");
            password = orDefault(headers.get("X-ClickHouse-Key"), "");
        } else if (params.get("user") != null || params.get("password") != null) {
            name = orDefault(params.get("user"), "default");
            password = orDefault(params.get("password"), "");
        }
        String user = name.isEmpty() ? "default" : name;
        String pass = password;
        return users.authenticate(user, pass).orElseThrow(() -> failed(user));
    }

    private static ClickHouseException failed(String name) {
        return new ClickHouseException(
                ClickHouseException.AUTHENTICATION_FAILED,
                name
                        + ": Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)");
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
