package cn.binjiang.union.dashboards;

import cn.binjiang.union.dashboards.auth.Users;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The server's ClickHouse connections, a pool per user: the panels' reader, the SQL console's own pools, and the
 * acknowledgements' writer. Pools open no connection until used, so the server starts before ClickHouse is up.
 */
final class ClickHousePools implements AutoCloseable {
    final HikariDataSource reader;
    /** The console's pools: the district's (empty key) and, with sql.officer-clickhouse-user, one per street. */
    final Map<Optional<String>, HikariDataSource> console;
    /** Connections as {@code alerts.ack-user}, when set. */
    final Optional<HikariDataSource> acks;

    ClickHousePools(DashboardConfig config) {
        this.reader = pool(
                "clickhouse-reader",
                config,
                config.clickhouseUser(),
                config.clickhousePassword(),
                config.clickhousePoolSize(),
                config.clickhouseConnectTimeout());
        this.console = consolePools(config);
        // one connection, as AlertFeed writes one acknowledgement at a time
        this.acks = config.ackUser()
                .map(user -> pool(
                        "clickhouse-acks", config, user, config.ackPassword(), 1, config.clickhouseConnectTimeout()));
    }

    /**
     * The SQL console's own pools, so that console queries never hold the panels' connections: the district's, and
     * with {@code sql.officer-clickhouse-user} one per street as that street's ClickHouse user, whose row policies
     * on a real ClickHouse scope every read (infra/clickhouse/users.sql).
     */
    private static Map<Optional<String>, HikariDataSource> consolePools(DashboardConfig config) {
        Map<Optional<String>, HikariDataSource> pools = new LinkedHashMap<>();
        pools.put(
                Optional.empty(),
                pool(
                        "clickhouse-console",
                        config,
                        config.sqlClickhouseUser(),
                        config.sqlClickhousePassword(),
                        config.sqlPoolSize(),
                        config.sqlPoolWait()));
        config.sqlOfficerClickhouseUser()
                .ifPresent(template -> Users.STREETS.stream()
                        .sorted()
                        .forEach(street -> pools.put(
                                Optional.of(street),
                                pool(
                                        "clickhouse-console-" + street,
                                        config,
                                        template.replace("{street}", street),
                                        config.sqlOfficerClickhousePassword(),
                                        config.sqlPoolSize(),
                                        config.sqlPoolWait()))));
        return Map.copyOf(pools);
    }

    /** The console's pool for a scope: the street's own when there is one, else the district's. */
    HikariDataSource console(Optional<String> street) {
        return console.getOrDefault(street, console.get(Optional.empty()));
    }

    private static HikariDataSource pool(
            String name, DashboardConfig config, String user, String password, int size, Duration wait) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(config.clickhouseUrl());
        h.setUsername(user);
        h.setPassword(password);
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(0);
        h.setConnectionTimeout(wait.toMillis());
        // the server starts even if ClickHouse is not up yet; panels answer 500 until it is
        h.setInitializationFailTimeout(-1);
        // no client-side retries: the driver would otherwise re-run a query ClickHouse stopped at
        // max_execution_time (three more times), so a console time limit of N s would take 4N s; and an
        // acknowledgement's INSERT sent again after a lost answer could write its row twice
        h.addDataSourceProperty("retry", "0");
        return new HikariDataSource(h);
    }

    @Override
    public void close() {
        Stream.concat(Stream.concat(Stream.of(reader), console.values().stream()), acks.stream())
                .forEach(HikariDataSource::close);
    }
}
