package cn.binjiang.union.schema.migration;

import java.util.Arrays;
import java.util.Set;

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
 * <p>Small tables (reference data, targets, alerts) are sharded like the others rather than copied to
 * every node: one layout and one rewrite for every table, and a query that joins them to a sharded
 * table runs as a GLOBAL join (the readers' profiles set {@code distributed_product_mode = 'global'}),
 * which sends their few rows to each shard. A table copied to every node would need one replica group
 * spanning all the shards, whose ALTERs {@code ON CLUSTER} would run once per shard against the same
 * replicated table.
 *
 * <p>A table a migration creates must be listed here: the cluster rewrite refuses one that is not.
 */
enum ShardingKey {
    /** An event is its event id, the id the KPI job deduplicates on: a re-sent event meets its first copy. */
    EVENT("event_id", "enrollment_events", "training_events", "competition_events", "aid_events", "legal_events"),
    /**
     * A KPI series: one KPI at one grain and one slice, every bucket of it. All the upserts of a cell are in
     * its series; keeping the series whole on one shard makes it one range of that shard's sorting key (V009
     * puts the bucket last), and a read that fixes the six columns can go to that shard alone
     * ({@code optimize_skip_unused_shards}). The series are many, so they spread the rows evenly.
     * {@code kpi_values_by_slice} and {@code kpi_values_v004} are the names V009 gives kpi_values while it
     * sorts it again.
     */
    KPI_SERIES("kpi_id, grain, street, industry, employment_form, category", "kpi_values", "kpi_values_by_slice", "kpi_values_v004"),
    /** A dead letter or a dropped copy is its Kafka record: the record read again after a restore meets its first row. */
    KAFKA_RECORD("topic, partition, offset", "rejected_events", "duplicate_events"),
    /** An alert transition, the notification of it and the acknowledgements of it share the transition id. */
    ALERT_TRANSITION("transition_id", "alerts", "alert_notifications", "alert_acks"),
    /** A row of reference data is its code: reloading it replaces the row on the same shard. */
    REFERENCE_CODE("code", "streets", "industries", "employment_forms", "competition_fields", "aid_categories"),
    /** An enterprise is its unified social credit code. */
    ENTERPRISE("credit_code", "enterprises"),
    /** A target is its year, KPI and street. */
    TARGET("year, kpi_id, street", "targets"),
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

    static ShardingKey of(String table) {
        return Arrays.stream(values()).filter(k -> k.tables.contains(table)).findFirst()
                .orElseThrow(() -> new MigrationException(table + " has no sharding key: add it to ShardingKey, hashing the"
                        + " identity columns its rows are collapsed on, and to docs/tables.md"));
    }
}
