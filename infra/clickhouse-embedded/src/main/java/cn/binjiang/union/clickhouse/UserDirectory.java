package cn.binjiang.union.clickhouse;

import cn.binjiang.union.settings.ConfigurationException;
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
 * A profile of limits (ClickHouse's setting names, enforced by the engine on every statement of the user, which
 * cannot change them) is optional:
 * <pre>
 * reader.profile.max_memory_usage = 2000000000
 * reader.profile.max_concurrent_queries_for_user = 8
 * </pre>
 * A user without {@code password_sha256_hex} (or with an empty one) has an empty password; without {@code databases}
 * a user may use every database. Without a file the
 * server has one read-write user {@code default} with an empty password, as a fresh ClickHouse has.
 */
final class UserDirectory {
    /** {@code databases} empty means every database. */
    record User(
            String name, byte[] passwordSha256, boolean readOnly, Set<String> databases, Map<String, String> profile) {
        /** Neither read-only nor limited to some databases: may see everything, as ClickHouse's default user. */
        boolean fullAccess() {
            return !readOnly && databases.isEmpty();
        }

        boolean mayUse(String database) {
            return databases.isEmpty() || databases.contains(database);
        }

        /** The profile's settings that go to the engine with each of the user's statements. */
        Map<String, String> engineSettings() {
            Map<String, String> settings = new TreeMap<>(profile);
            settings.remove(MAX_CONCURRENT_QUERIES);
            return settings;
        }

        /** How many statements of this user may run at once (the profile's max_concurrent_queries_for_user, 0: any). */
        int maxConcurrentQueries() {
            return Integer.parseInt(profile.getOrDefault(MAX_CONCURRENT_QUERIES, "0"));
        }
    }

    static final String MAX_CONCURRENT_QUERIES = "max_concurrent_queries_for_user";
    /** The limits a profile may set, as ClickHouse names them; a user cannot change them (readonly=1 semantics). */
    private static final Set<String> NUMERIC_LIMITS = Set.of(
            "max_memory_usage",
            "max_result_bytes",
            "max_result_rows",
            "max_rows_to_read",
            "max_bytes_to_read",
            "max_execution_time",
            MAX_CONCURRENT_QUERIES);

    private static final Set<String> MODE_LIMITS =
            Set.of("result_overflow_mode", "read_overflow_mode", "timeout_overflow_mode");
    private static final Pattern PROFILE_KEY = Pattern.compile("([A-Za-z0-9_@-]+)\\.profile\\.([a-z_]+)");

    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9_.@-]+)\\.(password_sha256_hex|readonly|databases)");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Map<String, User> users;

    private UserDirectory(Map<String, User> users) {
        this.users = users;
    }

    static UserDirectory defaultOnly() {
        return new UserDirectory(Map.of("default", new User("default", sha256(""), false, Set.of(), Map.of())));
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
        Map<String, Map<String, String>> profiles = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            var p = PROFILE_KEY.matcher(key);
            if (p.matches()) {
                profiles.computeIfAbsent(p.group(1), u -> new TreeMap<>())
                        .put(
                                p.group(2),
                                profileValue(
                                        file,
                                        key,
                                        p.group(2),
                                        props.getProperty(key).strip()));
                continue;
            }
            var m = KEY.matcher(key);
            if (!m.matches()) {
                throw new ConfigurationException(
                        "--users-file " + file + ": unknown key '" + key
                                + "' (expected <user>.password_sha256_hex, <user>.readonly, <user>.databases or <user>.profile.<limit>)");
            }
            String value = props.getProperty(key).strip();
            if (m.group(2).equals("readonly")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new ConfigurationException(
                            "--users-file " + file + ": " + key + " must be true or false, not '" + value + "'");
                }
                readOnly.put(m.group(1), Boolean.parseBoolean(value));
            } else if (m.group(2).equals("databases")) {
                databases.put(m.group(1), databaseList(file, key, value));
            } else {
                if (!value.isEmpty() && !HEX64.matcher(value).matches()) {
                    throw new ConfigurationException(
                            "--users-file " + file + ": " + key + " must be 64 hex digits (SHA-256)");
                }
                hashes.put(m.group(1), value);
            }
        }
        Map<String, User> users = new TreeMap<>();
        Set<String> names = union(hashes, readOnly);
        names.addAll(databases.keySet());
        names.addAll(profiles.keySet());
        for (String name : names) {
            String hex = hashes.getOrDefault(name, "");
            byte[] hash = hex.isEmpty() ? sha256("") : HexFormat.of().parseHex(hex);
            users.put(
                    name,
                    new User(
                            name,
                            hash,
                            readOnly.getOrDefault(name, false),
                            databases.getOrDefault(name, Set.of()),
                            Map.copyOf(profiles.getOrDefault(name, Map.of()))));
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

    private static String profileValue(Path file, String key, String setting, String value) {
        if (NUMERIC_LIMITS.contains(setting) && value.matches("[0-9]{1,19}")) return value;
        if (MODE_LIMITS.contains(setting) && (value.equals("throw") || value.equals("break"))) return value;
        if (NUMERIC_LIMITS.contains(setting) || MODE_LIMITS.contains(setting)) {
            throw new ConfigurationException("--users-file " + file + ": " + key + " must be "
                    + (MODE_LIMITS.contains(setting) ? "throw or break" : "a whole number") + ", not '" + value + "'");
        }
        throw new ConfigurationException("--users-file " + file + ": " + key
                + " is not a limit a profile may set (one of "
                + new java.util.TreeSet<>(java.util.stream.Stream.concat(NUMERIC_LIMITS.stream(), MODE_LIMITS.stream())
                        .toList())
                + ")");
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
