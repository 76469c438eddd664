package cn.binjiang.union.dashboards.auth;

import cn.binjiang.union.settings.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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
            try {
                return parse(file.get().toString(), Files.readString(file.get(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigurationException("auth.users-file " + file.get() + ": cannot read: " + e.getMessage(), e);
            }
        }
        try (InputStream in = Users.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new ConfigurationException(DEMO_RESOURCE + " missing from the classpath");
            return parse(DEMO_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigurationException(DEMO_RESOURCE + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static Users parse(String source, String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigurationException("users file " + source + ": not valid YAML: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("users");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigurationException("users file " + source + ": field 'users': a non-empty list is required");
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode u = list.get(i);
            String at = "users file " + source + ", user #" + (i + 1);
            if (!u.isObject()) throw new ConfigurationException(at + ": expected a map of fields");
            for (Iterator<String> it = u.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) throw field(at, f, "unknown field");
            }
            String username = text(u, "username", at);
            at = "users file " + source + ", user '" + username + "'";
            if (!isUserName(username)) throw field(at, "username", "must match " + USERNAME.pattern());
            String name = text(u, "name", at);
            Role role;
            try {
                role = Role.valueOf(text(u, "role", at).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw field(at, "role", "must be district_leader, street_officer or analyst");
            }
            Optional<String> street = u.has("street") ? Optional.of(text(u, "street", at)) : Optional.empty();
            if (role == Role.STREET_OFFICER && street.isEmpty()) throw field(at, "street", "required for a street officer");
            if (role != Role.STREET_OFFICER && street.isPresent()) throw field(at, "street", "only street officers have a street");
            if (street.isPresent() && !STREETS.contains(street.get())) {
                throw field(at, "street", "'" + street.get() + "' is not a street code " + STREETS.stream().sorted().toList());
            }
            String hash = text(u, "password_hash", at);
            if (!BCRYPT.matcher(hash).matches()) throw field(at, "password_hash", "must be a bcrypt hash ($2a$/$2b$/$2y$)");
            if (users.putIfAbsent(username, new User(username, name, role, street, hash)) != null) {
                throw field(at, "username", "listed twice");
            }
        }
        return new Users(users);
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

    private static String text(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw field(at, name, "required");
        if (!v.isValueNode() || v.asText().isBlank()) throw field(at, name, "must be a non-blank value");
        return v.asText().strip();
    }

    private static ConfigurationException field(String at, String field, String problem) {
        return new ConfigurationException(at + ": field '" + field + "': " + problem);
    }
}
