package cn.binjiang.union.settings;

/**
 * Where the platform's services listen on one machine, as {@code ./platform up} starts them: the default of
 * every program that connects to them, so that changing a port is one edit (and one in {@code ./platform}).
 */
public final class Endpoints {
    /** The ClickHouse database the KPIs live in, through the official JDBC driver. */
    public static final String CLICKHOUSE_URL = "jdbc:clickhouse://localhost:8123/default";

    /** The Kafka broker the event streams arrive on. */
    public static final String KAFKA_BOOTSTRAP = "localhost:9092";

    private Endpoints() {}
}
