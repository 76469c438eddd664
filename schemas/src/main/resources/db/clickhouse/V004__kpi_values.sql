-- KPI values: one row per upsert of one cell, a cell being (kpi_id, grain, bucket, street,
-- industry, employment_form, category), where '' in a slice column means "all" (slice values:
-- docs/kpis.md). The KPI job writes a cell's new value with a higher version each time it
-- changes; ReplacingMergeTree(version) keeps the highest, so re-sent or replayed upserts (after
-- a sink retry or a restore from a checkpoint) never count twice. Until a background merge runs
-- a cell may have several rows: read it with FINAL, or through kpi_latest.

CREATE TABLE IF NOT EXISTS kpi_values
(
    kpi_id           LowCardinality(String) COMMENT 'KPI id from the catalog, e.g. members_joined',
    grain            LowCardinality(String) COMMENT 'day, month or year (Asia/Shanghai calendar)',
    bucket           Date COMMENT 'first day of the period: the day, the 1st of the month, or 1 January',
    street           LowCardinality(String) COMMENT 'street code (xixing), district_level for 区总本级 events, or empty for all (the district)',
    industry         LowCardinality(String) COMMENT 'industry code, unspecified when the event has none, or empty for all',
    employment_form  LowCardinality(String) COMMENT 'employment form code, unspecified when the event has none, or empty for all',
    category         LowCardinality(String) COMMENT 'the KPI own extra dimension (skill level, competition field, aid category, ...), unspecified, or empty for all',
    value            Decimal(18, 2) COMMENT 'the cell value: a count, 元 or hours, exact to 0.01',
    version          UInt64 COMMENT 'distinct events folded into the cell so far: only grows, the highest row is current',
    updated_at       DateTime64(3, 'Asia/Shanghai') COMMENT 'when the job computed this value'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (kpi_id, grain, bucket, street, industry, employment_form, category)
COMMENT 'KPI cells, upserted by the KPI job: read with FINAL or through kpi_latest';

-- The current value of every cell: what dashboards and analysts read. FINAL rather than
-- argMax(value, version) ... GROUP BY: it keeps the winning row whole (updated_at included) and
-- ClickHouse pushes filters on the sorting key (kpi_id, grain, bucket, ...) into the read.
CREATE VIEW IF NOT EXISTS kpi_latest AS
SELECT kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at
FROM kpi_values FINAL;

-- Each KPI year against its target, per street and for the district (street ''), over the cells
-- not sliced by industry, employment form or category. Built as a union of the year cells and the
-- targets grouped by (year, kpi_id, street) rather than a join, so that both a KPI without a target
-- (target NULL) and a target nothing has happened towards yet (actual 0) show up; any() over the
-- Nullable target skips the NULLs and stays NULL when there is no target.
CREATE VIEW IF NOT EXISTS kpi_progress AS
SELECT
    year,
    kpi_id,
    street,
    CAST(sum(cell_value) AS Decimal(18, 2)) AS actual,
    any(target_value) AS target,
    if(target > 0, toFloat64(actual) / target, NULL) AS completion_rate,
    least(1., greatest(0.,
        (toUnixTimestamp(now()) - toUnixTimestamp(toDateTime(makeDate(year, 1, 1), 'Asia/Shanghai')))
        / (toUnixTimestamp(toDateTime(makeDate(year + 1, 1, 1), 'Asia/Shanghai'))
           - toUnixTimestamp(toDateTime(makeDate(year, 1, 1), 'Asia/Shanghai'))))) AS elapsed_share,
    completion_rate - elapsed_share AS pace
FROM
(
    SELECT toYear(bucket) AS year, kpi_id, street, value AS cell_value, CAST(NULL AS Nullable(Float64)) AS target_value
    FROM kpi_values FINAL
    WHERE grain = 'year' AND industry = '' AND employment_form = '' AND category = ''
    UNION ALL
    SELECT year, kpi_id, street, toDecimal64(0, 2) AS cell_value, toNullable(target) AS target_value
    FROM targets FINAL
)
GROUP BY year, kpi_id, street;
