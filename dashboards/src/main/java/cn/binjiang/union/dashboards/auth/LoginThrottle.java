package cn.binjiang.union.dashboards.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows password guessing: after {@code maxFailures} wrong passwords for one user name from one address,
 * that pair may not try again until {@code lockout} has passed since its last failure. Counted per
 * (user, address), so a guesser elsewhere cannot lock a leader out of their own login.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final Cache<String, AtomicInteger> failures;

    public LoginThrottle(int maxFailures, Duration lockout) {
        this.maxFailures = maxFailures;
        this.failures = Caffeine.newBuilder().expireAfterWrite(lockout).maximumSize(100_000).build();
    }

    public boolean locked(String username, String address) {
        AtomicInteger n = failures.getIfPresent(key(username, address));
        return n != null && n.get() >= maxFailures;
    }

    public void failed(String username, String address) {
        String key = key(username, address);
        AtomicInteger n = failures.get(key, k -> new AtomicInteger());
        n.incrementAndGet();
        failures.put(key, n); // a write: the lockout runs from the last failure
    }

    public void succeeded(String username, String address) {
        failures.invalidate(key(username, address));
    }

    private static String key(String username, String address) {
        return (username == null ? "" : username.toLowerCase(Locale.ROOT)) + '|' + address;
    }
}
