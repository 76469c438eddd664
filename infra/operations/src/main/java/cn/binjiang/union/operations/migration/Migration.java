package cn.binjiang.union.operations.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One migration file, {@code V<version>__<description>.sql}: an ordered list of SQL statements. */
public record Migration(int version, String fileName, String checksum, List<String> statements) {
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    public static boolean isMigrationFile(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    public static Migration parse(String fileName, String sql) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new MigrationException(fileName + ": a migration file is named V<number>__<words>.sql");
        }
        List<String> statements = SqlStatements.split(sql);
        if (statements.isEmpty()) {
            throw new MigrationException(fileName + ": holds no SQL statement");
        }
        return new Migration(Integer.parseInt(m.group(1)), fileName, sha256(sql), statements);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
