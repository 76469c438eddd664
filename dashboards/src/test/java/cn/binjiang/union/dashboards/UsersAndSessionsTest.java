package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.dashboards.auth.Role;
import cn.binjiang.union.dashboards.auth.Sessions;
import cn.binjiang.union.dashboards.auth.User;
import cn.binjiang.union.dashboards.auth.Users;
import cn.binjiang.union.dashboards.config.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class UsersAndSessionsTest {
    static final String HASH = BCrypt.hashpw("s3cret", BCrypt.gensalt(4));

    @Test
    void theDemoUsersLoadAndAuthenticateWithBcrypt() {
        Users users = Users.load(Optional.empty());
        assertThat(users.size()).isEqualTo(5);
        User xixing = users.authenticate("xixing", "xixing-demo").orElseThrow();
        assertThat(xixing.role()).isEqualTo(Role.STREET_OFFICER);
        assertThat(xixing.scope()).contains("xixing");
        assertThat(users.authenticate("leader", "leader-demo").orElseThrow().scope()).isEmpty();
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
        assertThat(Users.forLog("Hunter2!")).as("a password typed as the name").isEqualTo("<invalid user name, 8 chars>");
        assertThat(Users.forLog("Leader")).isEqualTo("<invalid user name, 6 chars>");
        assertThat(Users.forLog("西兴")).isEqualTo("<invalid user name, 2 chars>");
        assertThat(Users.forLog("a".repeat(65))).isEqualTo("<invalid user name, 65 chars>");
        assertThat(Users.forLog("'leader'")).isEqualTo("<invalid user name, 8 chars>");
        assertThat(Users.forLog("")).isEqualTo("<invalid user name, 0 chars>");
        assertThat(Users.forLog(null)).isEqualTo("<no user name>");
    }

    @Test
    void aBadUserFailsNamingTheUserAndTheField() {
        assertBad("- {username: a, name: A, role: street_officer, password_hash: '" + HASH + "'}", "user 'a': field 'street': required");
        assertBad("- {username: a, name: A, role: analyst, street: xixing, password_hash: '" + HASH + "'}", "user 'a': field 'street': only street officers");
        assertBad("- {username: a, name: A, role: street_officer, street: hangzhou, password_hash: '" + HASH + "'}", "user 'a': field 'street': 'hangzhou'");
        assertBad("- {username: a, name: A, role: admin, password_hash: '" + HASH + "'}", "user 'a': field 'role'");
        assertBad("- {username: a, name: A, role: analyst, password_hash: plaintext}", "user 'a': field 'password_hash': must be a bcrypt hash");
        assertBad("- {username: a, name: A, role: analyst, password: x, password_hash: '" + HASH + "'}", "user #1: field 'password': unknown field");
        assertBad("- {username: a, name: A, role: analyst, password_hash: '" + HASH + "'}\n"
                + "- {username: a, name: B, role: analyst, password_hash: '" + HASH + "'}", "user 'a': field 'username': listed twice");
    }

    @Test
    void sessionsAreSignedExpireAndCloseAndCarryACsrfToken() {
        User u = new User("leader", "L", Role.DISTRICT_LEADER, Optional.empty(), HASH);
        MutableClock clock = new MutableClock();
        Sessions sessions = new Sessions("a-secret-of-at-least-thirty-two-bytes!!", Duration.ofHours(1), clock);
        var opened = sessions.open(u);
        String cookie = opened.getValue();
        assertThat(sessions.find(cookie)).map(Sessions.Session::user).contains(u);
        assertThat(opened.getKey().csrfToken()).isNotBlank().isNotEqualTo(cookie);
        String id = cookie.substring(0, cookie.indexOf('.'));
        assertThat(sessions.find(id + ".forged")).isEmpty();
        assertThat(sessions.find(id)).isEmpty();
        Sessions otherSecret = new Sessions("another-secret-of-at-least-thirty-two-b", Duration.ofHours(1), clock);
        assertThat(otherSecret.find(cookie)).isEmpty();
        sessions.open(u); // never used again
        assertThat(sessions.size()).isEqualTo(2);
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertThat(sessions.find(cookie)).isEmpty();
        var second = sessions.open(u);
        assertThat(sessions.size()).as("the expired session purged at the next login").isEqualTo(1);
        sessions.close(second.getKey());
        assertThat(sessions.find(second.getValue())).isEmpty();
    }

    private static void assertBad(String users, String message) {
        assertThatThrownBy(() -> Users.parse("u.yaml", "users:\n" + users.indent(2)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("users file u.yaml, " + message);
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
