package cn.binjiang.union.dashboards.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The console's schema browser: the tables and views of the platform's database a user may query, with their
 * columns, types and comments. The comments are ClickHouse's, which the migrations set ({@code COMMENT '...'} in
 * {@code schemas/.../db/clickhouse}), so the migrations own that text and docs/tables.md explains it. A street officer
 * gets only what {@link ConsolePolicy} lets them read; asked on their own console pool, as their query would be.
 */
public final class SchemaBrowser {
    private static final String COLUMNS = """
            SELECT t.name, t.engine, t.comment, c.name, c.type, c.comment
            FROM system.tables AS t INNER JOIN system.columns AS c ON c.database = t.database AND c.table = t.name
            WHERE t.database = currentDatabase()
            ORDER BY t.name, c.position""";

    /** A column as the browser lists it. */
    public record Column(String name, String type, String comment) {}

    /** A table or view ({@code kind}) and its columns in their order. */
    public record Table(String name, String kind, String comment, List<Column> columns) {}

    private final Function<Optional<String>, DataSource> pools;

    public SchemaBrowser(Function<Optional<String>, DataSource> pools) {
        this.pools = pools;
    }

    /** The tables a user whose reads are limited to {@code street} (when set) may query, by name. */
    public List<Table> tables(Optional<String> street) throws SQLException {
        Map<String, Table> tables = new LinkedHashMap<>();
        try (Connection c = pools.apply(street).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(COLUMNS)) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (street.isPresent() && !ConsolePolicy.OFFICER_VIEWS.contains(name)) continue;
                String kind = rs.getString(2).endsWith("View") ? "view" : "table";
                String comment = rs.getString(3);
                tables.computeIfAbsent(name, n -> new Table(n, kind, comment, new ArrayList<>()))
                        .columns()
                        .add(new Column(rs.getString(4), rs.getString(5), rs.getString(6)));
            }
        }
        return List.copyOf(tables.values());
    }
}
