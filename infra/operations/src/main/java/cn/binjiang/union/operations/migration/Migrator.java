package cn.binjiang.union.operations.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations not yet recorded in {@code schema_migrations}, in version order, one
 * statement at a time. Statements are written to be re-runnable ({@code IF NOT EXISTS}) because
 * ClickHouse has no transactional DDL: a migration that failed half-way is simply run again.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    static final String HISTORY_TABLE = "schema_migrations";
    static final String HISTORY_DDL = """
            CREATE TABLE IF NOT EXISTS schema_migrations
            (
                version     UInt32,
                file_name   String,
                checksum    String COMMENT 'SHA-256 of the file: a released migration must never change',
                statements  UInt32,
                applied_at  DateTime64(3, 'UTC') DEFAULT now64(3)
            )
            ENGINE = ReplacingMergeTree(applied_at)
            ORDER BY version""";

    private final Connection connection;
    private final Optional<ClusterDialect> cluster;

    /** A migrator for one server. */
    public Migrator(Connection connection) {
        this(connection, Optional.empty());
    }

    /** A migrator that, given a cluster's dialect, runs every statement in its cluster form (ClusterDialect). */
    public Migrator(Connection connection, Optional<ClusterDialect> cluster) {
        this.connection = connection;
        this.cluster = cluster;
    }

    /** Applies what is pending and returns the migrations applied now (empty when up to date). */
    public List<Migration> migrate(List<Migration> migrations) {
        cluster.ifPresent(c -> c.databases().forEach(sql -> execute("the cluster's databases", sql)));
        run("schema_migrations", HISTORY_DDL);
        Map<Integer, String> applied = appliedChecksums();
        List<Migration> pending = migrations.stream()
                .filter(m -> !applied.containsKey(m.version()))
                .toList();
        for (Migration m : migrations) {
            String checksum = applied.get(m.version());
            if (checksum != null && !checksum.equals(m.checksum())) {
                throw new MigrationException(m.fileName() + " was changed after it was applied (checksum "
                        + m.checksum() + ", applied " + checksum + "): add a new migration instead");
            }
        }
        for (Migration m : pending) {
            for (int i = 0; i < m.statements().size(); i++) {
                run(m.fileName() + " statement " + (i + 1), m.statements().get(i));
            }
            record(m);
            LOG.info("applied {} ({} statements)", m.fileName(), m.statements().size());
        }
        return pending;
    }

    private void run(String where, String statement) {
        for (String sql : cluster.map(c -> c.rewrite(statement)).orElse(List.of(statement))) execute(where, sql);
    }

    private void execute(String where, String statement) {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new MigrationException(
                    where + " failed: " + firstLine(e.getMessage()) + "\n--- statement ---\n" + statement, e);
        }
    }

    private Map<Integer, String> appliedChecksums() {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE + " FINAL")) {
            while (rs.next()) applied.put(rs.getInt(1), rs.getString(2));
        } catch (SQLException e) {
            throw new MigrationException("cannot read " + HISTORY_TABLE + ": " + e.getMessage(), e);
        }
        return applied;
    }

    /**
     * The values are written into the statement (a file name of letters, digits and _, a hex checksum, two
     * numbers) so that it runs through the cluster form like every other: there, an INSERT that waits for its shard.
     */
    private void record(Migration m) {
        run(
                m.fileName() + " was applied but recording it",
                "INSERT INTO " + HISTORY_TABLE
                        + " (version, file_name, checksum, statements) VALUES (" + m.version() + ", '" + m.fileName()
                        + "', '"
                        + m.checksum() + "', " + m.statements().size() + ")");
    }

    private static String firstLine(String message) {
        if (message == null) return "(no message)";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
