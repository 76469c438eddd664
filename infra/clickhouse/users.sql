-- Users, profiles and row policies for a REAL ClickHouse server (the embedded one reads
-- infra/clickhouse-embedded/config/local-users.properties instead). Run once as an administrator, after the
-- migrations, with the passwords replaced by secrets: SECURITY.md, "A real ClickHouse", says what each part defends.
--
--   clickhouse-client --multiquery < infra/clickhouse/users.sql
--
-- `default` is the platform's database and `default_local` the one holding the rows on a sharded cluster
-- (MigrateCommand --cluster; infra/README.md, "ClickHouse on a cluster"): replace both if the platform's
-- database is another one. On one server default_local does not exist, and the grants naming it give nothing
-- (a grant names objects; it does not need them to exist). On a sharded cluster each shard checks the grants of
-- the user who asked (the cluster's <secret>), so every user needs on the local tables what it has on the
-- Distributed ones; and the row policies at the end must name default_local instead of default (see there).

-- The limits every reading user is held to. readonly = 1: no writes, no DDL, and no setting may be changed,
-- neither by the request nor by a SETTINGS clause; the CONST constraints say so again for the limits.
-- distributed_product_mode = 'global': on a sharded cluster a join or IN between two Distributed tables (the
-- dashboard's live events join acknowledgements to alerts; analysts join raw events to streets) reads the right
-- side once and sends it to every shard, instead of failing; on one server it changes nothing.
CREATE SETTINGS PROFILE OR REPLACE kpi_reader SETTINGS
    readonly = 1 CONST,
    max_memory_usage = 1000000000 CONST,
    max_result_bytes = 200000000 CONST,
    result_overflow_mode = 'throw' CONST,
    max_rows_to_read = 500000000 CONST,
    read_overflow_mode = 'throw' CONST,
    max_execution_time = 30 CONST,
    timeout_overflow_mode = 'throw' CONST,
    max_concurrent_queries_for_user = 32 CONST,
    distributed_product_mode = 'global';

-- The SQL console's tighter limits (ad-hoc SQL, one analyst's mistake must not hurt the cockpit).
CREATE SETTINGS PROFILE OR REPLACE kpi_console SETTINGS
    readonly = 1 CONST,
    max_memory_usage = 1000000000 CONST,
    max_result_bytes = 100000000 CONST,
    result_overflow_mode = 'throw' CONST,
    max_rows_to_read = 500000000 CONST,
    read_overflow_mode = 'throw' CONST,
    max_execution_time = 10 CONST,
    timeout_overflow_mode = 'throw' CONST,
    max_concurrent_queries_for_user = 8 CONST,
    distributed_product_mode = 'global';

-- The users that write. distributed_foreground_insert = 1: on a sharded cluster an INSERT into a Distributed table
-- answers once every shard has its rows, not once they are queued on the node that took it. The KPI job's sink
-- takes that answer as the batch being stored (it flushes before each checkpoint), and the cockpit reads an
-- acknowledgement back at once; a queue lost with its node, or a shard refusing the rows later, would go unseen.
-- On one server it changes nothing.
CREATE SETTINGS PROFILE OR REPLACE kpi_writer SETTINGS
    distributed_foreground_insert = 1 CONST;

-- The KPI job and the alert job (clickhouse.user of both: the --clickhouse.user argument in infra/k8s/flink-*-job.yaml):
-- INSERT on the tables they write, SELECT on the ones
-- they read (the KPI job the reference data it checks events against, the alert job targets and the
-- notifications already delivered); the driver reads a table's columns before inserting, which INSERT allows.
CREATE USER OR REPLACE union_kpi_writer IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_writer;
GRANT INSERT ON default.enrollment_events, INSERT ON default_local.enrollment_events,
      INSERT ON default.training_events, INSERT ON default_local.training_events,
      INSERT ON default.competition_events, INSERT ON default_local.competition_events,
      INSERT ON default.aid_events, INSERT ON default_local.aid_events,
      INSERT ON default.legal_events, INSERT ON default_local.legal_events,
      INSERT ON default.kpi_values, INSERT ON default_local.kpi_values,
      INSERT ON default.rejected_events, INSERT ON default_local.rejected_events,
      INSERT ON default.duplicate_events, INSERT ON default_local.duplicate_events,
      INSERT ON default.alerts, INSERT ON default_local.alerts,
      INSERT ON default.alert_notifications, INSERT ON default_local.alert_notifications,
      SELECT ON default.alert_notifications, SELECT ON default_local.alert_notifications,
      SELECT ON default.streets, SELECT ON default_local.streets,
      SELECT ON default.enterprises, SELECT ON default_local.enterprises,
      SELECT ON default.targets, SELECT ON default_local.targets, SELECT ON default.targets_in_force
      TO union_kpi_writer;

-- The dashboard's panels (clickhouse.user of the dashboard).
CREATE USER OR REPLACE reader IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_reader;
GRANT SELECT ON default.*, SELECT ON default_local.* TO reader;

-- The SQL console of analysts and leaders (sql.clickhouse-user of the dashboard).
CREATE USER OR REPLACE console IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
GRANT SELECT ON default.*, SELECT ON default_local.* TO console;

-- One console user per street, for street officers: the row policies below let each see its own street only,
-- whatever the query (the dashboard's console scopes officers' reads as well; this is the engine's own check).
CREATE USER OR REPLACE console_xixing IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
CREATE USER OR REPLACE console_changhe IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
CREATE USER OR REPLACE console_puyan IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
-- data_clock (read by kpi_progress) is SQL SECURITY DEFINER: it reads the raw event tables as the migrations' user,
-- so an officer learns the newest event time and no raw row.
GRANT SELECT ON default.kpi_values, SELECT ON default_local.kpi_values,
      SELECT ON default.targets, SELECT ON default_local.targets,
      SELECT ON default.kpi_latest, SELECT ON default.kpi_progress, SELECT ON default.data_clock,
      SELECT ON default.targets_in_force
      TO console_xixing, console_changhe, console_puyan;

-- Alert acknowledgements (alerts.ack-user of the dashboard): one INSERT, and reading back who acknowledged.
CREATE USER OR REPLACE alert_acker IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_writer;
GRANT INSERT, SELECT ON default.alert_acks, INSERT, SELECT ON default_local.alert_acks TO alert_acker;

-- Row policies, on the tables the rows are read from: on one server the platform's database, as written; on a
-- sharded cluster each shard's local table, so replace `default.` by `default_local.` in the statements below.
-- ClickHouse applies a policy where it reads rows; one on a Distributed table is not carried to the shards (and
-- recent versions refuse reads through it).
-- Once a table has a row policy, a user without one sees no row of it: the district users, and the jobs' writer
-- that reads targets, get all rows.
CREATE ROW POLICY OR REPLACE district ON default.kpi_values USING 1 TO reader, console, default;
CREATE ROW POLICY OR REPLACE district ON default.targets USING 1 TO reader, console, union_kpi_writer, default;
CREATE ROW POLICY OR REPLACE xixing ON default.kpi_values USING street = 'xixing' TO console_xixing;
CREATE ROW POLICY OR REPLACE changhe ON default.kpi_values USING street = 'changhe' TO console_changhe;
CREATE ROW POLICY OR REPLACE puyan ON default.kpi_values USING street = 'puyan' TO console_puyan;
CREATE ROW POLICY OR REPLACE xixing ON default.targets USING street = 'xixing' TO console_xixing;
CREATE ROW POLICY OR REPLACE changhe ON default.targets USING street = 'changhe' TO console_changhe;
CREATE ROW POLICY OR REPLACE puyan ON default.targets USING street = 'puyan' TO console_puyan;
