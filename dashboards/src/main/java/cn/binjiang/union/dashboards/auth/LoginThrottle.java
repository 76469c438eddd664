package cn.binjiang.union.dashboards.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows password guessing with two counts of wrong passwords, each forgotten {@code lockout} after its
 * last failure: per (user name, address), and per user name across all addresses. Either reaching its
 * limit refuses that user's logins, even with the right password, until the lockout has passed.
 *
 * <p>The per-address count alone let a guesser with several addresses multiply their guesses (the right
 * password worked at once from 127.0.0.2 after 127.0.0.1 was locked out). The per-user count closes
 * that, at a price: anyone who knows a user name can lock that user out of their own login by guessing
 * wrong {@code maxPerUser} times, from anywhere. The per-user limit is therefore set well above the
 * per-address one, so a user's own typos and a single guesser meet the per-address lock first.
 * Unknown user names are counted like known ones, so a lockout does not tell which names exist.
 */
public final class LoginThrottle {
    /** Which count refused a login. */
    public enum Lockout {
        /** too many failures of this user from this address */
        ADDRESS,
        /** too many failures of this user from all addresses together */
        USER
    }

    private final int maxPerAddress;
    private final int maxPerUser;
    private final Cache<String, AtomicInteger> failures;

    public LoginThrottle(int maxPerAddress, int maxPerUser, Duration lockout, Ticker ticker) {
        this.maxPerAddress = maxPerAddress;
        this.maxPerUser = maxPerUser;
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(lockout)
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /** The count that locks this user out (from this address), if any. */
    public Optional<Lockout> locked(String username, String address) {
        if (count(userKey(username)) >= maxPerUser) return Optional.of(Lockout.USER);
        if (count(addressKey(username, address)) >= maxPerAddress) return Optional.of(Lockout.ADDRESS);
        return Optional.empty();
    }

    public void failed(String username, String address) {
        increment(userKey(username));
        increment(addressKey(username, address));
    }

    /** The right password, not locked out: both counts start again. */
    public void succeeded(String username, String address) {
        failures.invalidate(userKey(username));
        failures.invalidate(addressKey(username, address));
    }

    private int count(String key) {
        AtomicInteger n = failures.getIfPresent(key);
        return n == null ? 0 : n.get();
    }

    private void increment(String key) {
        AtomicInteger n = failures.get(key, k -> new AtomicInteger());
        n.incrementAndGet();
        failures.put(key, n); // a write: the lockout runs from the last failure
    }

    private static String userKey(String username) {
        return "user|" + normalised(username);
    }

    private static String addressKey(String username, String address) {
        return "address|" + normalised(username) + '|' + address;
    }

    /**
     * The name as counted: lower case, so {@code Analyst} counts for {@code analyst}; every name that
     * breaks the user-name rules counts as one (none can log in), which also keeps a megabyte of name
     * from becoming a key.
     */
    private static String normalised(String username) {
        String lower = username == null ? "" : username.toLowerCase(Locale.ROOT);
        return Users.isUserName(lower) ? lower : "<invalid>";
    }
}
