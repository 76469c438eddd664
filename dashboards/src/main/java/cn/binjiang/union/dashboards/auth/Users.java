package cn.binjiang.union.dashboards.auth;

import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.YamlFile;
import cn.binjiang.union.settings.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The users file: {@code users:} a list of {@code username}, {@code name}, {@code role}
 * ({@code district_leader}, {@code street_officer}, {@code analyst}), {@code street} (a street code, for
 * street officers only) and {@code password_hash} (bcrypt). Checked completely at start.
 */
public final class Users {
    /** The streets of 滨江区 (codes of the {@code streets} reference table). */
    public static final Set<String> STREETS = Set.of("xixing", "changhe", "puyan");

    public static final String DEMO_RESOURCE = "users/demo-users.yaml";
    /** The user-name rules: the users file is checked against them, and only names that keep them are logged. */
    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    static final Set<String> FIELDS = Set.of("username", "name", "role", "street", "password_hash");

    private final Map<String, User> byName;
    /** Compared against when the user is unknown, so that both failures take a bcrypt's time. */
    private final String dummyHash;

    private Users(Map<String, User> byName) {
        this.byName = Map.copyOf(byName);
        this.dummyHash = BCrypt.hashpw("no such user", BCrypt.gensalt(10));
    }

    public static Users load(Optional<Path> file) {
        if (file.isPresent()) {
            // read here, not by YamlFile.read: a file that cannot be read is named with the setting that gave it
            String yaml;
            try {
                yaml = Files.readString(file.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigurationException(
                        "auth.users-file " + file.get() + ": cannot read: " + e.getMessage(), e);
            }
            return parse(file.get().toString(), yaml);
        }
        try (InputStream in = Users.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new ConfigurationException(DEMO_RESOURCE + " missing from the classpath");
            return read(YamlFile.read(DEMO_RESOURCE, in));
        } catch (IOException e) {
            throw new ConfigurationException(DEMO_RESOURCE + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param source what the errors call the file */
    public static Users parse(String source, String yaml) {
        return read(YamlFile.parse(source, yaml));
    }

    private static Users read(YamlNode root) {
        root.allowKeys(Set.of("users"));
        Map<String, User> users = new LinkedHashMap<>();
        for (YamlNode node : root.get("users").nonEmptyElements()) {
            User user = user(node);
            if (users.putIfAbsent(user.username(), user) != null) {
                throw node.get("username").problem("'" + user.username() + "' listed twice");
            }
        }
        return new Users(users);
    }

    private static User user(YamlNode node) {
        node.allowKeys(FIELDS);
        YamlNode usernameNode = node.required("username");
        String username = usernameNode.text();
        if (!isUserName(username)) throw usernameNode.problem("must match " + USERNAME.pattern());
        String name = node.required("name").text();
        YamlNode roleNode = node.required("role");
        Role role;
        try {
            role = Role.valueOf(roleNode.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw roleNode.problem("must be district_leader, street_officer or analyst, got '" + roleNode.text() + "'");
        }
        YamlNode streetNode = node.get("street");
        Optional<String> street = Optional.ofNullable(streetNode.text(null));
        if (role == Role.STREET_OFFICER && street.isEmpty()) {
            throw streetNode.problem("missing (a street officer has a street)");
        }
        if (role != Role.STREET_OFFICER && street.isPresent()) {
            throw streetNode.problem("only street officers have a street");
        }
        if (street.isPresent() && !STREETS.contains(street.get())) {
            throw streetNode.problem("'" + street.get() + "' is not a street code "
                    + STREETS.stream().sorted().toList());
        }
        YamlNode hash = node.required("password_hash");
        // the value is not echoed: a mistyped hash may be a password
        if (!BCRYPT.matcher(hash.text()).matches()) throw hash.problem("must be a bcrypt hash ($2a$/$2b$/$2y$)");
        return new User(username, name, role, street, hash.text());
    }

    /** Whether {@code name} keeps the user-name rules (so it may be a user's, and may be logged). */
    public static boolean isUserName(String name) {
        return name != null && USERNAME.matcher(name).matches();
    }

    /**
     * A name typed at the login as a log line may carry it: itself when it keeps the user-name rules
     * (lower-case ASCII letters, digits, {@code _.-}: nothing that can forge a line or break its quoting),
     * else only its length. So a CR/LF in the name field cannot forge log lines, and a password typed
     * there by mistake, which rarely keeps the rules, does not land in the log.
     */
    public static String forLog(String name) {
        if (name == null) return "<no user name>";
        if (isUserName(name)) return name;
        return "<invalid user name, " + name.codePointCount(0, name.length()) + " chars>";
    }

    /** The user when the password matches, else empty (the same for an unknown user). */
    public Optional<User> authenticate(String username, String password) {
        if (username == null || password == null) return Optional.empty();
        User user = byName.get(username);
        boolean ok;
        try {
            // BCrypt (spring-security-crypto) directly: its PasswordEncoder wrapper needs commons-logging
            ok = BCrypt.checkpw(password, user == null ? dummyHash : user.passwordHash());
        } catch (IllegalArgumentException e) {
            ok = false; // e.g. a password over bcrypt's 72 bytes
        }
        return ok && user != null ? Optional.of(user) : Optional.empty();
    }

    public Optional<User> get(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    public int size() {
        return byName.size();
    }
}
