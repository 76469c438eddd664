package cn.binjiang.union.operations.migration;

import cn.binjiang.union.schema.EventStream;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which shard of a sharded cluster holds each row of a table: the sharding key of the table's
 * Distributed table ({@link ClusterDialect}).
 *
 * <p>Every table is a ReplacingMergeTree whose sorting key is the row's identity, and ClickHouse
 * collapses the versions of a row (in merges, under {@code FINAL}) only inside one shard's table: read
 * through a Distributed table, {@code FINAL} runs on each shard and the shards' rows are put together
 * after. So every key here hashes identity columns only: all versions of a row land on the same shard
 * and {@code FINAL}, or {@code argMax(value, version)} per cell, stays exact. Hashing spreads the rows
 * evenly whatever the codes look like.
 *
 * <p>Small tables are sharded like the others rather than copied to every node; docs/tables.md, "On a
 * sharded cluster", says why, and lists every key (ShardingKeyDocsTest keeps it so).
 *
 * <p>A table a migration creates must be listed here: the cluster rewrite refuses one that is not.
 */
enum ShardingKey {
    /**
     * An event is its event id, the id the KPI job deduplicates on: a re-sent event meets its first copy, and every
     * revision of an event meets the others, so {@code <stream>_events_current} picks the newest on one shard. The
     * {@code _v016} and {@code _v015} names are those V016 gives each table while it sorts it again.
     */
    EVENT("event_id", eventTables()),
    /**
     * A KPI series: one KPI at one grain and one slice, every bucket of it, so all the upserts of a cell meet, and
     * the series is one range of one shard's sorting key (V009 puts the bucket last). {@code kpi_values_by_slice}
     * and {@code kpi_values_v004} are the names V009 gives kpi_values while it sorts it again.
     */
    KPI_SERIES(
            "kpi_id, grain, street, industry, employment_form, category",
            "kpi_values",
            "kpi_values_by_slice",
            "kpi_values_v004"),
    /**
     * A dead letter or a dropped copy is its Kafka record: the record read again after a restore meets its first row.
     */
    KAFKA_RECORD("topic, partition, offset", "rejected_events", "duplicate_events"),
    /** An alert transition, the notification of it and the acknowledgements of it share the transition id. */
    ALERT_TRANSITION("transition_id", "alerts", "alert_notifications", "alert_acks"),
    /** A row of reference data is its code: reloading it replaces the row on the same shard. */
    REFERENCE_CODE("code", "streets", "industries", "employment_forms", "competition_fields", "aid_categories"),
    /** An enterprise is its unified social credit code. */
    ENTERPRISE("credit_code", "enterprises"),
    /**
     * A target is its year, KPI and street: its revisions (valid_from) meet on one shard, where targets_in_force picks
     * the one in force. {@code targets_v015} and {@code targets_v014} are the names V015 gives targets while it sorts
     * it again.
     */
    TARGET("year, kpi_id, street", "targets", "targets_v015", "targets_v014"),
    /** An applied migration is its version. */
    MIGRATION("version", "schema_migrations");

    private final String columns;
    private final Set<String> tables;

    ShardingKey(String columns, String... tables) {
        this.columns = columns;
        this.tables = Set.of(tables);
    }

    /** The identity columns hashed, as written in the key. */
    String columns() {
        return columns;
    }

    Set<String> tables() {
        return tables;
    }

    String expression() {
        return "cityHash64(" + columns + ")";
    }

    private static String[] eventTables() {
        return EventStream.all().stream()
                .flatMap(stream -> Stream.of("", "_v016", "_v015").map(suffix -> stream.name() + "_events" + suffix))
                .toArray(String[]::new);
    }

    static ShardingKey of(String table) {
        return Arrays.stream(values())
                .filter(k -> k.tables.contains(table))
                .findFirst()
                .orElseThrow(
                        () -> new MigrationException(table + " has no sharding key: add it to ShardingKey, hashing the"
                                + " identity columns its rows are collapsed on, and to docs/tables.md"));
    }
}
