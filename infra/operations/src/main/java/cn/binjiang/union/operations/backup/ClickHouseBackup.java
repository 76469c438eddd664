package cn.binjiang.union.operations.backup;

import cn.binjiang.union.operations.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A backup of the platform's ClickHouse database as files: each table's every row ({@code FORMAT Native}, ClickHouse's
 * own column format, so every type comes back as it was) and a manifest with the schema's migration version and each
 * table's row count; and the restore of such a backup into a database migrated to the same version and still empty.
 *
 * <p>Written over the HTTP interface rather than with {@code BACKUP ... TO Disk}: the embedded engine has no backup
 * disk configured, and this runs the same against it and a ClickHouse server. Rows are copied as stored, every version
 * of a ReplacingMergeTree's rows included, so the restored tables read exactly as the backed-up ones, with or without
 * {@code FINAL}. The views hold nothing of their own: the migrations create them.
 */
public final class ClickHouseBackup {
    static final String MANIFEST = "manifest.properties";
    private static final String SUFFIX = ".native";

    private final ClickHouseHttp clickhouse;
    private final String database;

    /** @param url the server's HTTP address, e.g. {@code http://127.0.0.1:8123} */
    public ClickHouseBackup(String url, String database, String user, String password) {
        this.clickhouse = new ClickHouseHttp(url, database, user, password);
        this.database = database;
    }

    /** What a backup or a restore did, per table, in the order of the manifest. */
    public record TableRows(String table, long rows) {}

    /** Writes every table into {@code dir} (created; it must hold no backup yet). */
    public List<TableRows> backup(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(MANIFEST))) throw new IllegalArgumentException(dir + " holds a backup already");
        Properties manifest = new Properties();
        manifest.setProperty("database", database);
        manifest.setProperty("schema_version", text("SELECT toString(max(version)) FROM schema_migrations"));
        List<TableRows> written = new ArrayList<>();
        List<String> tables = tables();
        for (String table : tables) {
            Path file = dir.resolve(table + SUFFIX);
            HttpResponse<Path> answer = clickhouse.request(
                    "SELECT * FROM " + table + " FORMAT Native", noBody(), HttpResponse.BodyHandlers.ofFile(file));
            if (answer.statusCode() != 200) {
                String error = Files.readString(file);
                Files.delete(file);
                throw failure("backing up " + table, answer.statusCode(), error);
            }
            long rows = Long.parseLong(text("SELECT toString(count()) FROM " + table));
            manifest.setProperty("rows." + table, Long.toString(rows));
            written.add(new TableRows(table, rows));
        }
        manifest.setProperty("tables", String.join(",", tables));
        try (var out = Files.newBufferedWriter(dir.resolve(MANIFEST))) {
            manifest.store(out, "ClickHouse backup of the Binjiang union KPI platform");
        }
        return written;
    }

    /**
     * Loads the backup in {@code dir} into this database, which must be migrated to the backup's schema version and
     * hold no row in any of its tables; checks every table's row count afterwards.
     *
     * @throws IllegalStateException when the database is not empty or not at the backup's version (nothing is loaded)
     */
    public List<TableRows> restore(Path dir) throws IOException, InterruptedException {
        Properties manifest = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve(MANIFEST))) {
            manifest.load(in);
        }
        String version = text("SELECT toString(max(version)) FROM schema_migrations");
        if (!version.equals(manifest.getProperty("schema_version"))) {
            throw new IllegalStateException("the backup is of schema version " + manifest.getProperty("schema_version")
                    + ", this database is at " + version + ": migrate it to the backup's version first");
        }
        List<String> tables = List.of(manifest.getProperty("tables").split(","));
        for (String table : tables) {
            if (table.equals("schema_migrations")) continue;
            long rows = Long.parseLong(text("SELECT toString(count()) FROM " + table));
            if (rows > 0) {
                throw new IllegalStateException(
                        table + " holds " + rows + " rows: a backup is restored into an empty stack only");
            }
        }
        List<TableRows> loaded = new ArrayList<>();
        for (String table : tables) {
            long expected = Long.parseLong(manifest.getProperty("rows." + table));
            // the migrations recorded themselves in the new database already: the backup's record of the same
            // migrations would only repeat them
            if (!table.equals("schema_migrations")) {
                // optimize_on_insert 0: ClickHouse would otherwise collapse the versions of a row that arrive in one
                // insert, as a merge would, and the older versions the backup holds would be lost
                clickhouse.send(
                        "INSERT INTO " + table + " SETTINGS optimize_on_insert = 0 FORMAT Native",
                        HttpRequest.BodyPublishers.ofFile(dir.resolve(table + SUFFIX)),
                        HttpResponse.BodyHandlers.ofString());
                long rows = Long.parseLong(text("SELECT toString(count()) FROM " + table));
                if (rows != expected) {
                    throw new IllegalStateException(
                            table + ": the backup holds " + expected + " rows, " + rows + " were restored");
                }
            }
            loaded.add(new TableRows(table, expected));
        }
        return loaded;
    }

    /** The database's tables that hold rows (views hold none), by name. */
    private List<String> tables() throws IOException, InterruptedException {
        String names = text("SELECT name FROM system.tables WHERE database = currentDatabase()"
                + " AND engine LIKE '%MergeTree' ORDER BY name");
        return names.isEmpty() ? List.of() : List.of(names.split("\n"));
    }

    private String text(String query) throws IOException, InterruptedException {
        return clickhouse
                .send(query, noBody(), HttpResponse.BodyHandlers.ofString())
                .strip();
    }

    private static HttpRequest.BodyPublisher noBody() {
        return HttpRequest.BodyPublishers.noBody();
    }

    private static IllegalStateException failure(String what, int status, String answer) {
        return new IllegalStateException(what + ": ClickHouse answered " + status + ": " + answer.strip());
    }
}
