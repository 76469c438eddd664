package cn.binjiang.union.dashboards.report;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use links that hand a logged-in session to a browser that cannot log in: {@code ./platform report} logs in,
 * asks for a link, and Chromium's {@code --print-to-pdf}, which can neither fill the login form nor be given a
 * cookie, opens it. A link is worth the session cookie it carries, so it is random (256 bits), lives
 * {@link #LIFETIME}, and works once.
 */
public final class PrintLinks {
    static final Duration LIFETIME = Duration.ofSeconds(60);

    /** What a link opens: the session's cookie and the page to print. */
    public record Target(String cookie, String page) {}

    private record Pending(Target target, Instant expiresAt) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public PrintLinks(Clock clock) {
        this.clock = clock;
    }

    /** A new link's token for {@code target}. */
    public String issue(Target target) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        pending.put(token, new Pending(target, now.plus(LIFETIME)));
        return token;
    }

    /** The target of a live token, which is spent by this call; empty for an unknown, used or expired one. */
    public Optional<Target> redeem(String token) {
        Pending p = token == null ? null : pending.remove(token);
        if (p == null || p.expiresAt().isBefore(clock.instant())) return Optional.empty();
        return Optional.of(p.target());
    }
}
