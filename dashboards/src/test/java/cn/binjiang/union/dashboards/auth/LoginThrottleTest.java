package cn.binjiang.union.dashboards.auth;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.auth.LoginThrottle.Lockout;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final Duration LOCKOUT = Duration.ofMinutes(10);

    /** Caffeine's clock, moved by the test. */
    static final class FakeTicker implements Ticker {
        long nanos;

        @Override
        public long read() {
            return nanos;
        }

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    final FakeTicker ticker = new FakeTicker();
    final LoginThrottle throttle = new LoginThrottle(3, 5, LOCKOUT, ticker);

    @Test
    void threeFailuresFromOneAddressLockThatUserThereOnly() {
        for (int i = 0; i < 2; i++) throttle.failed("analyst", "127.0.0.1");
        assertThat(throttle.locked("analyst", "127.0.0.1")).isEmpty();
        throttle.failed("analyst", "127.0.0.1");
        assertThat(throttle.locked("analyst", "127.0.0.1")).contains(Lockout.ADDRESS);
        assertThat(throttle.locked("Analyst", "127.0.0.1"))
                .as("user names compared case-insensitively")
                .contains(Lockout.ADDRESS);
        assertThat(throttle.locked("analyst", "127.0.0.2"))
                .as("three of five per user")
                .isEmpty();
        assertThat(throttle.locked("leader", "127.0.0.1")).isEmpty();
    }

    @Test
    void failuresFromManyAddressesAddUpToAPerUserLockoutEverywhere() {
        throttle.failed("analyst", "127.0.0.1");
        throttle.failed("analyst", "127.0.0.2");
        throttle.failed("Analyst", "127.0.0.3");
        throttle.failed("analyst", "127.0.0.4");
        assertThat(throttle.locked("analyst", "127.0.0.5")).isEmpty();
        throttle.failed("analyst", "127.0.0.5");
        for (String address : new String[] {"127.0.0.1", "127.0.0.5", "127.0.0.9"}) {
            assertThat(throttle.locked("analyst", address)).as(address).contains(Lockout.USER);
        }
        assertThat(throttle.locked("leader", "127.0.0.9")).isEmpty();
        throttle.failed("nobody", "127.0.0.1");
        throttle.failed("nobody", "127.0.0.1");
        throttle.failed("nobody", "127.0.0.2");
        throttle.failed("nobody", "127.0.0.2");
        throttle.failed("nobody", "127.0.0.3");
        assertThat(throttle.locked("nobody", "127.0.0.4"))
                .as("an unknown name is counted alike")
                .contains(Lockout.USER);
    }

    @Test
    void everyNameBreakingTheUserNameRulesCountsAsOneThatNobodyLogsInAs() {
        for (int i = 0; i < 5; i++) throttle.failed("x".repeat(1_000_000) + i, "127.0.0." + i);
        assertThat(throttle.locked("analyst\r\n", "127.0.0.9")).contains(Lockout.USER);
        assertThat(throttle.locked("analyst", "127.0.0.9")).isEmpty();
    }

    @Test
    void aLockoutLastsFromTheLastFailureAndTheRightPasswordClearsBothCounts() {
        for (int i = 0; i < 4; i++) throttle.failed("analyst", "127.0.0.1");
        ticker.advance(Duration.ofMinutes(5));
        throttle.failed("analyst", "127.0.0.1");
        ticker.advance(LOCKOUT.minusSeconds(1));
        assertThat(throttle.locked("analyst", "127.0.0.2")).contains(Lockout.USER);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(throttle.locked("analyst", "127.0.0.1")).isEmpty();

        for (int i = 0; i < 2; i++) throttle.failed("analyst", "127.0.0.1");
        for (int i = 0; i < 2; i++) throttle.failed("analyst", "127.0.0.2");
        throttle.succeeded("analyst", "127.0.0.1");
        throttle.failed("analyst", "127.0.0.1");
        throttle.failed("analyst", "127.0.0.2");
        assertThat(throttle.locked("analyst", "127.0.0.1"))
                .as("1 here, 2 in all")
                .isEmpty();
        assertThat(throttle.locked("analyst", "127.0.0.2"))
                .as("3 from .2: its own count was not cleared")
                .contains(Lockout.ADDRESS);
    }
}
