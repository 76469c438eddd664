package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.dashboards.auth.Role;
import cn.binjiang.union.dashboards.auth.Sessions;
import cn.binjiang.union.dashboards.auth.User;
import cn.binjiang.union.dashboards.auth.Users;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

class UsersAndSessionsTest {
    static final String HASH = BCrypt.hashpw("s3cret", BCrypt.gensalt(4));
    static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
    static final User LEADER = new User("leader", "L", Role.DISTRICT_LEADER, Optional.empty(), HASH);
    static final User XIXING = new User("xixing", "X", Role.STREET_OFFICER, Optional.of("xixing"), HASH);

    @Test
    void theDemoUsersLoadAndAuthenticateWithBcrypt() {
        Users users = Users.load(Optional.empty());
        assertThat(users.size()).isEqualTo(6);
        User xixing = users.authenticate("xixing", "xixing-demo").orElseThrow();
        assertThat(xixing.role()).isEqualTo(Role.STREET_OFFICER);
        assertThat(xixing.scope()).contains("xixing");
        assertThat(users.authenticate("leader", "leader-demo").orElseThrow().scope())
                .isEmpty();
        User reporter = users.authenticate("reporter", "reporter-demo").orElseThrow();
        assertThat(reporter.role())
                .as("./platform report's user sees the district")
                .isEqualTo(Role.DISTRICT_LEADER);
        assertThat(users.authenticate("leader", "wrong")).isEmpty();
        assertThat(users.authenticate("nobody", "leader-demo")).isEmpty();
        assertThat(users.authenticate(null, null)).isEmpty();
    }

    @Test
    void aNameIsLoggedOnlyWhenItKeepsTheUserNameRules() {
        assertThat(Users.forLog("leader")).isEqualTo("leader");
        assertThat(Users.forLog("street.officer_2-x")).isEqualTo("street.officer_2-x");
        assertThat(Users.forLog("leader\r\nFORGED")).isEqualTo("<invalid user name, 14 chars>");
        assertThat(Users.forLog("leader\nx")).isEqualTo("<invalid user name, 8 chars>");
        assertThat(Users.forLog("Hunter2!"))
                .as("a password typed as the name")
                .isEqualTo("<invalid user name, 8 chars>");
        assertThat(Users.forLog("Leader")).isEqualTo("<invalid user name, 6 chars>");
        assertThat(Users.forLog("西兴")).isEqualTo("<invalid user name, 2 chars>");
        assertThat(Users.forLog("a".repeat(65))).isEqualTo("<invalid user name, 65 chars>");
        assertThat(Users.forLog("'leader'")).isEqualTo("<invalid user name, 8 chars>");
        assertThat(Users.forLog("")).isEqualTo("<invalid user name, 0 chars>");
        assertThat(Users.forLog(null)).isEqualTo("<no user name>");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheFileAndThePath() {
        assertBad(
                "- {username: a, name: A, role: analyst, password: x, password_hash: '" + HASH + "'}",
                "users[0].password: unknown key (known: name, password_hash, role, street, username)");
        assertBadFile("user:\n  - {username: a}\n", "user: unknown key (known: users)");
    }

    @Test
    void aWrongTypeIsRefusedWithTheFileAndThePath() {
        assertBad(
                "- {username: a, name: [A], role: analyst, password_hash: '" + HASH + "'}",
                "users[0].name: expected a non-blank value, got a list");
        assertBad("- a", "users[0]: expected a map, got 'a'");
        assertBadFile("users: {username: a}\n", "users: expected a list, got a map");
    }

    @Test
    void aMissingFieldIsRefusedWithTheFileAndThePath() {
        assertBad("- {username: a, name: A, role: analyst}", "users[0].password_hash: missing");
        assertBad("- {name: A, role: analyst, password_hash: '" + HASH + "'}", "users[0].username: missing");
        assertBad(
                "- {username: a, name: A, role: street_officer, password_hash: '" + HASH + "'}",
                "users[0].street: missing (a street officer has a street)");
        assertBadFile("", "users: missing (a non-empty list)");
        assertBadFile("users: []\n", "users: expected a non-empty list, got an empty one");
    }

    @Test
    void aBadValueIsRefusedWithTheFileThePathAndWhy() {
        assertBad(
                "- {username: a, name: A, role: analyst, street: xixing, password_hash: '" + HASH + "'}",
                "users[0].street: only street officers have a street");
        assertBad(
                "- {username: a, name: A, role: street_officer, street: hangzhou, password_hash: '" + HASH + "'}",
                "users[0].street: 'hangzhou' is not a street code [changhe, puyan, xixing]");
        assertBad(
                "- {username: a, name: A, role: admin, password_hash: '" + HASH + "'}",
                "users[0].role: must be district_leader, street_officer or analyst, got 'admin'");
        assertBad(
                "- {username: a, name: A, role: analyst, password_hash: plaintext}",
                "users[0].password_hash: must be a bcrypt hash ($2a$/$2b$/$2y$)");
        assertBad(
                "- {username: Boss, name: A, role: analyst, password_hash: '" + HASH + "'}",
                "users[0].username: must match [a-z][a-z0-9_.-]{0,63}");
        assertBad(
                "- {username: a, name: A, role: analyst, password_hash: '" + HASH + "'}\n"
                        + "- {username: a, name: B, role: analyst, password_hash: '" + HASH + "'}",
                "users[1].username: 'a' listed twice");
    }

    @Test
    void aUsersFileIsNamedInItsErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, "users:\n  - {username: a, name: A, role: analyst, role: leader}\n");
        assertThatThrownBy(() -> Users.load(Optional.of(file)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + ": not valid YAML at line 2, column ")
                .hasMessageContaining("Duplicate field 'role'");
        Files.writeString(file, "users:\n  - {username: a, name: A, role: analyst}\n");
        assertThatThrownBy(() -> Users.load(Optional.of(file)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(file + ": users[0].password_hash: missing");
        Path none = dir.resolve("none.yaml");
        assertThatThrownBy(() -> Users.load(Optional.of(none)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("auth.users-file " + none + ": cannot read: ");
    }

    @Test
    void sessionsAreSignedExpireAndCloseAndCarryACsrfToken() {
        User u = new User("leader", "L", Role.DISTRICT_LEADER, Optional.empty(), HASH);
        MutableClock clock = new MutableClock();
        // an idle timeout beyond the lifetime and several sessions per user: only the lifetime ends these
        Sessions sessions = new Sessions(SECRET, Duration.ofHours(1), Duration.ofHours(2), false, clock);
        var opened = sessions.open(u);
        String cookie = opened.cookie();
        assertThat(sessions.find(cookie)).map(Sessions.Session::user).contains(u);
        assertThat(opened.session().csrfToken()).isNotBlank().isNotEqualTo(cookie);
        String id = cookie.substring(0, cookie.indexOf('.'));
        assertThat(sessions.find(id + ".forged")).isEmpty();
        assertThat(sessions.find(id)).isEmpty();
        Sessions otherSecret = new Sessions(
                "another-secret-of-at-least-thirty-two-b", Duration.ofHours(1), Duration.ofHours(2), false, clock);
        assertThat(otherSecret.find(cookie)).isEmpty();
        sessions.open(u); // never used again
        assertThat(sessions.size()).isEqualTo(2);
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertThat(sessions.find(cookie)).isEmpty();
        var second = sessions.open(u);
        assertThat(sessions.size())
                .as("the expired session purged at the next login")
                .isEqualTo(1);
        sessions.close(second.session());
        assertThat(sessions.find(second.cookie())).isEmpty();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEndsAndUseKeepsItUntilItsLifetimeEnds() {
        MutableClock clock = new MutableClock();
        Sessions sessions = new Sessions(SECRET, Duration.ofHours(8), Duration.ofMinutes(30), true, clock);
        Instant login = clock.now;
        String busy = sessions.open(LEADER).cookie();
        String idle = sessions.open(XIXING).cookie();

        clock.now = login.plus(Duration.ofMinutes(29));
        assertThat(sessions.find(busy))
                .map(Sessions.Session::lastSeen)
                .as("used after 29 min")
                .contains(clock.now);
        clock.now = login.plus(Duration.ofMinutes(30));
        assertThat(sessions.find(idle)).as("30 min unused").isEmpty();
        assertThat(sessions.find(busy)).as("1 min since its last use").isPresent();
        for (int minutes = 50; minutes < 8 * 60; minutes += 20) {
            clock.now = login.plus(Duration.ofMinutes(minutes));
            assertThat(sessions.find(busy))
                    .as("used every 20 min, at %d min", minutes)
                    .isPresent();
        }
        clock.now = login.plus(Duration.ofHours(8));
        assertThat(sessions.find(busy)).as("8 h after login, used 10 min ago").isEmpty();

        String next = sessions.open(LEADER).cookie();
        clock.now = clock.now.plus(Duration.ofMinutes(29).plusSeconds(59));
        assertThat(sessions.find(next)).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertThat(sessions.find(next)).isEmpty();
        assertThat(sessions.size())
                .as("ended sessions are dropped when asked for")
                .isZero();
    }

    @Test
    void aLoginEndsTheUsersEarlierSessionsAndNobodyElses() {
        Sessions sessions = new Sessions(SECRET, Duration.ofHours(8), Duration.ofMinutes(30), true, new MutableClock());
        String first = sessions.open(LEADER).cookie();
        String second = sessions.open(LEADER).cookie();
        String officer = sessions.open(XIXING).cookie();
        Sessions.Opened third = sessions.open(LEADER);
        assertThat(third.endedSessions()).isEqualTo(1);
        assertThat(sessions.find(first)).isEmpty();
        assertThat(sessions.find(second)).isEmpty();
        assertThat(sessions.find(third.cookie())).map(Sessions.Session::user).contains(LEADER);
        assertThat(sessions.find(officer)).map(Sessions.Session::user).contains(XIXING);
        assertThat(sessions.size()).isEqualTo(2);
    }

    @Test
    void withOneSessionPerUserOffALoginLeavesTheEarlierOnes() {
        Sessions sessions =
                new Sessions(SECRET, Duration.ofHours(8), Duration.ofMinutes(30), false, new MutableClock());
        String first = sessions.open(LEADER).cookie();
        Sessions.Opened second = sessions.open(LEADER);
        assertThat(second.endedSessions()).isZero();
        assertThat(sessions.find(first)).isPresent();
        assertThat(sessions.find(second.cookie())).isPresent();
    }

    private static void assertBad(String users, String message) {
        assertBadFile("users:\n" + users.indent(2), message);
    }

    private static void assertBadFile(String yaml, String message) {
        assertThatThrownBy(() -> Users.parse("u.yaml", yaml))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("u.yaml: " + message);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
