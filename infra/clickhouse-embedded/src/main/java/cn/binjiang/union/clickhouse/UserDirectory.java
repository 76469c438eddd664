package cn.binjiang.union.clickhouse;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The users the server accepts. The file is a Java properties file, one or two keys per user:
 * <pre>
 * analyst.password_sha256_hex = 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
 * analyst.readonly = true
 * analyst.databases = kpi, reference
 * </pre>
 * A user without {@code password_sha256_hex} (or with an empty one) has an empty password; without {@code databases}
 * a user may use every database. Without a file the
 * server has one read-write user {@code default} with an empty password, as a fresh ClickHouse has.
 */
final class UserDirectory {
    /** {@code databases} empty means every database. */
    record User(String name, byte[] passwordSha256, boolean readOnly, Set<String> databases) {
        /** Neither read-only nor limited to some databases: may see everything, as ClickHouse's default user. */
        boolean fullAccess() {
            return !readOnly && databases.isEmpty();
        }

        boolean mayUse(String database) {
            return databases.isEmpty() || databases.contains(database);
        }
    }

    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9_.@-]+)\\.(password_sha256_hex|readonly|databases)");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Map<String, User> users;

    private UserDirectory(Map<String, User> users) {
        this.users = users;
    }

    static UserDirectory defaultOnly() {
        return new UserDirectory(Map.of("default", new User("default", sha256(""), false, Set.of())));
    }

    static UserDirectory load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("--users-file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> hashes = new TreeMap<>();
        Map<String, Boolean> readOnly = new TreeMap<>();
        Map<String, Set<String>> databases = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            var m = KEY.matcher(key);
            if (!m.matches()) {
                throw new ConfigurationException("--users-file " + file + ": unknown key '" + key
                        + "' (expected <user>.password_sha256_hex, <user>.readonly or <user>.databases)");
            }
            String value = props.getProperty(key).strip();
            if (m.group(2).equals("readonly")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new ConfigurationException("--users-file " + file + ": " + key + " must be true or false, not '" + value + "'");
                }
                readOnly.put(m.group(1), Boolean.parseBoolean(value));
            } else if (m.group(2).equals("databases")) {
                databases.put(m.group(1), databaseList(file, key, value));
            } else {
                if (!value.isEmpty() && !HEX64.matcher(value).matches()) {
                    throw new ConfigurationException("--users-file " + file + ": " + key + " must be 64 hex digits (SHA-256)");
                }
                hashes.put(m.group(1), value);
            }
        }
        Map<String, User> users = new TreeMap<>();
        Set<String> names = union(hashes, readOnly);
        names.addAll(databases.keySet());
        for (String name : names) {
            String hex = hashes.getOrDefault(name, "");
            byte[] hash = hex.isEmpty() ? sha256("") : HexFormat.of().parseHex(hex);
            users.put(name, new User(name, hash, readOnly.getOrDefault(name, false), databases.getOrDefault(name, Set.of())));
        }
        if (users.isEmpty()) {
            throw new ConfigurationException("--users-file " + file + " defines no users");
        }
        return new UserDirectory(users);
    }

    /** The user whose name and password match, compared in constant time so timing reveals nothing. */
    Optional<User> authenticate(String name, String password) {
        User user = users.get(name);
        byte[] offered = sha256(password);
        byte[] expected = user == null ? sha256("\u0000no such user") : user.passwordSha256();
        boolean match = MessageDigest.isEqual(offered, expected);
        return user != null && match ? Optional.of(user) : Optional.empty();
    }

    private static Set<String> databaseList(Path file, String key, String value) {
        Set<String> names = new java.util.TreeSet<>();
        for (String name : value.split(",")) {
            if (!DATABASE.matcher(name.strip()).matches()) {
                throw new ConfigurationException("--users-file " + file + ": " + key
                        + " must be a comma-separated list of database names, not '" + value + "'");
            }
            names.add(name.strip());
        }
        return Set.copyOf(names);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        var names = new java.util.TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
