package cn.binjiang.union.dashboards.web;

import java.util.regex.Pattern;

/**
 * Where the browser goes after login: the page it asked for ({@code /login?next=...}) if that is a path
 * of this site, else {@code /}. Decided here, on the server; the login page only follows the answer.
 *
 * <p>Browsers normalise a URL before they resolve it: they drop tab, CR and LF anywhere, read {@code \}
 * as {@code /}, and some layers decode percent-escapes once more, so {@code /\t/host}, {@code /\host}
 * and {@code /%2F/host} all become {@code //host}, another site. Rather than predict every normaliser,
 * a target is accepted only when no normaliser would change it: printable ASCII path characters
 * (RFC 3986 {@code pchar} without percent-escapes), a leading {@code /}, no empty or dot segment (so no
 * {@code //} anywhere), an optional query of the same characters, no fragment. The pages and
 * {@link WebPages#loginFor} only ever produce such paths, so nothing legitimate is refused.
 */
public final class NextPage {
    public static final String HOME = "/";
    /** One path segment: unreserved, sub-delims, ':' and '@'. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@/?-]*");

    private NextPage() {}

    /** {@code next} when it is a path (and query) of this site in normal form, else {@link #HOME}. */
    public static String of(String next) {
        if (next == null || !next.startsWith("/")) return HOME;
        int q = next.indexOf('?');
        String path = q < 0 ? next : next.substring(0, q);
        if (q >= 0 && !QUERY.matcher(next.substring(q + 1)).matches()) return HOME;
        if (path.equals("/")) return next;
        for (String segment : path.substring(1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) return HOME;
        }
        return next;
    }
}
