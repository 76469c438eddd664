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
 *
 * <p>A session ends at the first of: {@code ttl} after its login (however busy), {@code idleTimeout}
 * after the last request that used it (each use slides it on), logout, and, when {@code onePerUser},
 * the user's next login. The last one means a session stolen or left open on another machine ends when
 * its user logs in again (the server logs how many a login ended).
 */
public final class Sessions {
    public record Session(String id, User user, Instant expiresAt, Instant lastSeen, String csrfToken) {
        boolean liveAt(Instant now, Duration idleTimeout) {
            return now.isBefore(expiresAt) && now.isBefore(lastSeen.plus(idleTimeout));
        }
    }

    /** A login's new session, its cookie value, and how many earlier sessions of its user the login ended. */
    public record Opened(Session session, String cookie, int endedSessions) {}

    private final byte[] secret;
    private final Duration ttl;
    private final Duration idleTimeout;
    private final boolean onePerUser;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(String secret, Duration ttl, Duration idleTimeout, boolean onePerUser, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
        this.idleTimeout = idleTimeout;
        this.onePerUser = onePerUser;
        this.clock = clock;
    }

    /**
     * Opens a session for a user who just logged in, ending their earlier ones when {@code onePerUser}.
     * Synchronized: two logins of one user at once must not both survive.
     */
    public synchronized Opened open(User user) {
        Instant now = clock.instant();
        sessions.values().removeIf(old -> !old.liveAt(now, idleTimeout)); // ended ones nobody asked for again
        int ended = 0;
        if (onePerUser) {
            for (Session old : sessions.values()) {
                if (old.user().username().equals(user.username()) && sessions.remove(old.id()) != null) ended++;
            }
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Session s = new Session(id, user, now.plus(ttl), now, hmac("csrf:" + id));
        sessions.put(id, s);
        return new Opened(s, id + "." + hmac("session:" + id), ended);
    }

    /**
     * The live session of a cookie value, if its signature holds and it has not ended; finding it counts
     * as a use (its idle timeout starts again).
     */
    public Optional<Session> find(String cookie) {
        if (cookie == null) return Optional.empty();
        int dot = cookie.indexOf('.');
        if (dot <= 0) return Optional.empty();
        String id = cookie.substring(0, dot);
        if (!constantTimeEquals(cookie.substring(dot + 1), hmac("session:" + id))) return Optional.empty();
        Instant now = clock.instant();
        return Optional.ofNullable(sessions.computeIfPresent(
                id,
                (k, s) -> s.liveAt(now, idleTimeout)
                        ? new Session(s.id(), s.user(), s.expiresAt(), now, s.csrfToken())
                        : null));
    }

    /** Sessions held (live, or ended by time and not yet purged). */
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
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
