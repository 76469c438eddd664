-- Every column of every table and view says what it holds, in ClickHouse itself: the SQL console's
-- schema browser shows these comments, and so does every other client (DESCRIBE, system.columns).
-- The texts are docs/tables.md's, which says more. Some columns had none since V001; the views had
-- none at all, and a view's columns take comments only in its column list, so the four views are
-- created again with one, each column under the name and type it had (a view casts its query's
-- columns to the list's types). A column added from here on comes with its COMMENT: a test of the
-- migrations (EveryColumnCommentedIT) fails on a column without one.

ALTER TABLE streets COMMENT COLUMN name_en 'English name, e.g. Xixing Subdistrict';
ALTER TABLE streets COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE industries COMMENT COLUMN code 'digital_economy, advanced_manufacturing, modern_services or other';
ALTER TABLE industries COMMENT COLUMN name_zh 'Chinese name, e.g. 数字经济';
ALTER TABLE industries COMMENT COLUMN name_en 'English name';
ALTER TABLE industries COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE employment_forms COMMENT COLUMN name_zh 'Chinese name, e.g. 外卖骑手';
ALTER TABLE employment_forms COMMENT COLUMN name_en 'English name';
ALTER TABLE employment_forms COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE competition_fields COMMENT COLUMN name_en 'English name';
ALTER TABLE competition_fields COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE aid_categories COMMENT COLUMN name_en 'English name';
ALTER TABLE aid_categories COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE enterprises COMMENT COLUMN name 'the enterprise''s name';
ALTER TABLE enterprises COMMENT COLUMN street_code 'the street it is registered in (streets.code)';
ALTER TABLE enterprises COMMENT COLUMN industry_code 'its industry (industries.code)';
ALTER TABLE enterprises COMMENT COLUMN employee_count '在职职工数';
ALTER TABLE enterprises COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE targets COMMENT COLUMN year 'calendar year';
ALTER TABLE targets COMMENT COLUMN kpi_id 'KPI id from the catalog (docs/kpis.md)';
ALTER TABLE targets COMMENT COLUMN target 'the year''s target in the KPI''s unit (count, 元, hours)';
ALTER TABLE targets COMMENT COLUMN loaded_at 'when the seeds loaded the row; the replacing version';
ALTER TABLE alert_notifications COMMENT COLUMN transition_id 'the transition notified (alerts.transition_id)';
ALTER TABLE alert_acks COMMENT COLUMN alert_id 'the rule id of the alert acknowledged';
ALTER TABLE alert_acks COMMENT COLUMN acked_at 'when it was acknowledged; the replacing version';
ALTER TABLE schema_migrations COMMENT COLUMN version 'the N of VN__words.sql';
ALTER TABLE schema_migrations COMMENT COLUMN file_name 'the migration file';
ALTER TABLE schema_migrations COMMENT COLUMN statements 'statements run';
ALTER TABLE schema_migrations COMMENT COLUMN applied_at 'when it was applied; the replacing version';

CREATE OR REPLACE VIEW kpi_latest
(
    kpi_id LowCardinality(String) COMMENT 'KPI id from the catalog (docs/kpis.md)',
    kpi LowCardinality(String) COMMENT 'the same as kpi_id: its short name',
    grain LowCardinality(String) COMMENT 'day, month or year (Asia/Shanghai calendar)',
    bucket Date COMMENT 'first day of the period: the day, the 1st of the month, 1 January',
    street LowCardinality(String) COMMENT 'street code, district_level, or empty = all (the district)',
    industry LowCardinality(String) COMMENT 'industry code, unspecified, or empty = all',
    employment_form LowCardinality(String) COMMENT 'employment form code, unspecified, or empty = all',
    category LowCardinality(String) COMMENT 'the KPI''s own dimension (skill level, competition field, aid category, group area, mediation outcome), unspecified, or empty = all',
    value Decimal(18, 2) COMMENT 'the cell''s current value: count, 元 or hours',
    version UInt64 COMMENT 'distinct events folded into the cell so far',
    updated_at DateTime64(3, 'Asia/Shanghai') COMMENT 'when the KPI job computed this value'
)
AS SELECT kpi_id, kpi_id AS kpi, grain, bucket, street, industry, employment_form, category, value, version, updated_at
FROM kpi_values FINAL;

CREATE OR REPLACE VIEW data_clock
(
    as_of Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'the newest event time the KPI job has accepted (the greatest occurred_at of the raw event tables); NULL before the first event'
)
DEFINER = CURRENT_USER SQL SECURITY DEFINER AS
SELECT nullIf(max(newest), toDateTime64(0, 3, 'Asia/Shanghai')) AS as_of
FROM
(
    SELECT max(occurred_at) AS newest FROM enrollment_events
    UNION ALL SELECT max(occurred_at) FROM training_events
    UNION ALL SELECT max(occurred_at) FROM competition_events
    UNION ALL SELECT max(occurred_at) FROM aid_events
    UNION ALL SELECT max(occurred_at) FROM legal_events
);

CREATE OR REPLACE VIEW kpi_progress
(
    year UInt16 COMMENT 'calendar year of the year cell and the target',
    kpi_id LowCardinality(String) COMMENT 'KPI id from the catalog (docs/kpis.md)',
    kpi LowCardinality(String) COMMENT 'the same as kpi_id: its short name, as in kpi_latest',
    grain String COMMENT 'always year: the cell coordinates of kpi_latest, so both views are queried alike',
    bucket Date COMMENT 'the year''s first day',
    street LowCardinality(String) COMMENT 'street code, district_level, or empty = the district',
    actual Decimal(18, 2) COMMENT 'the year cell''s current value; 0 when a target has no cell yet',
    value Decimal(18, 2) COMMENT 'the same as actual, as in kpi_latest',
    target Nullable(Float64) COMMENT 'the year''s target (targets); NULL when the KPI has none there',
    completion_rate Nullable(Float64) COMMENT '完成率 = actual / target; NULL without a positive target',
    elapsed_share Float64 COMMENT 'share of the year gone by the data clock (as_of), Asia/Shanghai: 1 for a year before the clock''s, 0 for one after it and before the first event',
    pace Nullable(Float64) COMMENT 'completion_rate minus elapsed_share: below 0 is behind schedule',
    as_of Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'the data clock the row was measured by (data_clock.as_of), the same on every row'
)
AS WITH (SELECT as_of FROM data_clock) AS clock
SELECT
    year,
    kpi_id,
    kpi_id AS kpi,
    'year' AS grain,
    makeDate(year, 1, 1) AS bucket,
    street,
    CAST(sum(cell_value) AS Decimal(18, 2)) AS actual,
    actual AS value,
    any(target_value) AS target,
    if(target > 0, toFloat64(actual) / target, NULL) AS completion_rate,
    ifNull(least(1., greatest(0.,
        (toUnixTimestamp64Milli(clock) - toUnixTimestamp(toDateTime(makeDate(year, 1, 1), 'Asia/Shanghai')) * 1000)
        / ((toUnixTimestamp(toDateTime(makeDate(year + 1, 1, 1), 'Asia/Shanghai'))
            - toUnixTimestamp(toDateTime(makeDate(year, 1, 1), 'Asia/Shanghai'))) * 1000))), 0.) AS elapsed_share,
    completion_rate - elapsed_share AS pace,
    clock AS as_of
FROM
(
    SELECT toYear(bucket) AS year, kpi_id, street, argMax(value, version) AS cell_value, CAST(NULL AS Nullable(Float64)) AS target_value
    FROM kpi_values
    WHERE grain = 'year' AND industry = '' AND employment_form = '' AND category = ''
    GROUP BY kpi_id, street, bucket
    UNION ALL
    SELECT year, kpi_id, street, toDecimal64(0, 2) AS cell_value, toNullable(target) AS target_value
    FROM targets FINAL
)
GROUP BY year, kpi_id, street;

CREATE OR REPLACE VIEW alert_state
(
    alert_id LowCardinality(String) COMMENT 'the rule id of the rules file',
    transition_id String COMMENT 'its latest transition (alerts.transition_id)',
    name String COMMENT 'the rule''s Chinese name',
    severity String COMMENT 'info, warning or critical',
    status String COMMENT 'pending, firing or resolved, as of its latest transition',
    street String COMMENT 'the street it concerns, or empty for the district',
    kpi_id String COMMENT 'the KPI a KPI rule watches, or empty',
    message String COMMENT 'what was seen, for the duty officer (Chinese)',
    last_seq UInt64 COMMENT 'the number of its latest transition',
    at DateTime64(3, 'Asia/Shanghai') COMMENT 'when the alert job saw its latest transition'
)
AS SELECT
    alert_id,
    argMax(transition_id, seq) AS transition_id,
    argMax(name, seq) AS name,
    argMax(severity, seq) AS severity,
    argMax(status, seq) AS status,
    argMax(street, seq) AS street,
    argMax(kpi_id, seq) AS kpi_id,
    argMax(message, seq) AS message,
    max(seq) AS last_seq,
    argMax(at, seq) AS at
FROM alerts FINAL
GROUP BY alert_id;
