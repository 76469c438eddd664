-- Users, profiles and row policies for a REAL ClickHouse server (the embedded one reads
-- infra/clickhouse-embedded/config/local-users.properties instead). Run once as an administrator, after the
-- migrations, in the platform's database (replace `default` below if it is another one), with the passwords
-- replaced by secrets: SECURITY.md, "A real ClickHouse", says what each part defends.
--
--   clickhouse-client --multiquery < infra/clickhouse/users.sql

-- The limits every reading user is held to. readonly = 1: no writes, no DDL, and no setting may be changed,
-- neither by the request nor by a SETTINGS clause; the CONST constraints say so again for the limits.
CREATE SETTINGS PROFILE OR REPLACE kpi_reader SETTINGS
    readonly = 1 CONST,
    max_memory_usage = 1000000000 CONST,
    max_result_bytes = 200000000 CONST,
    result_overflow_mode = 'throw' CONST,
    max_rows_to_read = 500000000 CONST,
    read_overflow_mode = 'throw' CONST,
    max_execution_time = 30 CONST,
    timeout_overflow_mode = 'throw' CONST,
    max_concurrent_queries_for_user = 32 CONST;

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
    max_concurrent_queries_for_user = 8 CONST;

-- The dashboard's panels, the alert job's reads (clickhouse.user of the dashboard and the alert job).
CREATE USER OR REPLACE reader IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_reader;
GRANT SELECT ON default.* TO reader;

-- The SQL console of analysts and leaders (sql.clickhouse-user of the dashboard).
CREATE USER OR REPLACE console IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
GRANT SELECT ON default.* TO console;

-- One console user per street, for street officers: the row policies below let each see its own street only,
-- whatever the query (the dashboard's console scopes officers' reads as well; this is the engine's own check).
CREATE USER OR REPLACE console_xixing IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
CREATE USER OR REPLACE console_changhe IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
CREATE USER OR REPLACE console_puyan IDENTIFIED WITH sha256_password BY 'replace-with-a-secret' SETTINGS PROFILE kpi_console;
GRANT SELECT ON default.kpi_values TO console_xixing, console_changhe, console_puyan;
GRANT SELECT ON default.targets TO console_xixing, console_changhe, console_puyan;
GRANT SELECT ON default.kpi_latest TO console_xixing, console_changhe, console_puyan;
GRANT SELECT ON default.kpi_progress TO console_xixing, console_changhe, console_puyan;

-- Once a table has a row policy, a user without one sees no row of it: the district users get all rows.
CREATE ROW POLICY OR REPLACE district ON default.kpi_values USING 1 TO reader, console, default;
CREATE ROW POLICY OR REPLACE district ON default.targets USING 1 TO reader, console, default;
CREATE ROW POLICY OR REPLACE xixing ON default.kpi_values USING street = 'xixing' TO console_xixing;
CREATE ROW POLICY OR REPLACE changhe ON default.kpi_values USING street = 'changhe' TO console_changhe;
CREATE ROW POLICY OR REPLACE puyan ON default.kpi_values USING street = 'puyan' TO console_puyan;
CREATE ROW POLICY OR REPLACE xixing ON default.targets USING street = 'xixing' TO console_xixing;
CREATE ROW POLICY OR REPLACE changhe ON default.targets USING street = 'changhe' TO console_changhe;
CREATE ROW POLICY OR REPLACE puyan ON default.targets USING street = 'puyan' TO console_puyan;

-- Alert acknowledgements (alerts.ack-user of the dashboard): one INSERT, nothing else.
CREATE USER OR REPLACE alert_acker IDENTIFIED WITH sha256_password BY 'replace-with-a-secret';
GRANT INSERT ON default.alert_acks TO alert_acker;
GRANT SELECT ON default.alert_acks TO alert_acker;
