package cn.binjiang.union.dashboards.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side sessions. The cookie carries a random 256-bit id and its HMAC under the session secret
 * ({@code id.signature}), so a forged or altered cookie is refused before any lookup; the CSRF token of
 * a session is the HMAC of {@code "csrf:" + id}, which only the server can compute and which the page
 * sends back in the {@code X-CSRF-Token} header of every state-changing request.
 */
public final class Sessions {
    public record Session(String id, User user, Instant expiresAt, String csrfToken) {}

    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(String secret, Duration ttl, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Opens a session; returns it and the cookie value. */
    public Map.Entry<Session, String> open(User user) {
        Instant now = clock.instant();
        sessions.values().removeIf(old -> !now.isBefore(old.expiresAt())); // expired ones nobody asked for again
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Session s = new Session(id, user, clock.instant().plus(ttl), hmac("csrf:" + id));
        sessions.put(id, s);
        return Map.entry(s, id + "." + hmac("session:" + id));
    }

    /** The live session of a cookie value, if its signature holds and it has not expired or been closed. */
    public Optional<Session> find(String cookie) {
        if (cookie == null) return Optional.empty();
        int dot = cookie.indexOf('.');
        if (dot <= 0) return Optional.empty();
        String id = cookie.substring(0, dot);
        if (!constantTimeEquals(cookie.substring(dot + 1), hmac("session:" + id))) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        if (!clock.instant().isBefore(s.expiresAt())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Sessions held (live, or expired and not yet purged). */
    public int size() {
        return sessions.size();
    }

    public void close(Session s) {
        sessions.remove(s.id());
    }

    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
