-- Targets as data that changes (issue 21): a target revised mid-year is a new row of targets with the
-- instant it holds from (valid_from); the row it replaces stays, so the table is the history of every
-- target, and targets_in_force gives the one in force now, which kpi_progress (the cards, the alerts'
-- pace) reads. Before, a row replaced the year's target outright and the old figure was gone.
-- A row inserted without valid_from holds from the year's first instant (Asia/Shanghai): the seeds' annual
-- targets, and every insert written before this migration, mean the same as before. Reloading the seeds
-- replaces those rows (same year, KPI, street and valid_from) and leaves the revisions alone.
-- The sorting key gains valid_from, which a table cannot change in place, hence the copy (as V009).

CREATE TABLE IF NOT EXISTS targets_v015
(
    year        UInt16 COMMENT 'calendar year',
    kpi_id      LowCardinality(String) COMMENT 'KPI id from the catalog (docs/kpis.md)',
    street      LowCardinality(String) DEFAULT '' COMMENT 'street code, or empty for the whole district',
    target      Float64 COMMENT 'the year''s target in the KPI''s unit (count, 元, hours)',
    note        String DEFAULT '' COMMENT 'where the figure comes from, or why it was revised',
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3) COMMENT 'when the row was written; the replacing version',
    valid_from  DateTime64(3, 'Asia/Shanghai') DEFAULT toDateTime64(makeDate(year, 1, 1), 3, 'Asia/Shanghai') COMMENT 'from when the figure is the target: the year''s first instant, or the instant a revision took effect',
    changed_by  LowCardinality(String) DEFAULT '' COMMENT 'who set or revised the figure (empty for the seeds)'
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY (year, kpi_id, street, valid_from)
COMMENT 'KPI targets per year and street, every revision kept: read the one in force through targets_in_force';

INSERT INTO targets_v015 (year, kpi_id, street, target, note, loaded_at)
SELECT year, kpi_id, street, target, note, loaded_at FROM targets FINAL;

RENAME TABLE targets TO targets_v014, targets_v015 TO targets;

DROP TABLE targets_v014;

CREATE OR REPLACE VIEW targets_in_force
(
    year UInt16 COMMENT 'calendar year',
    kpi_id LowCardinality(String) COMMENT 'KPI id from the catalog (docs/kpis.md)',
    street LowCardinality(String) COMMENT 'street code, or empty for the whole district',
    target Float64 COMMENT 'the target in force now: the revision with the latest valid_from that has begun',
    note String COMMENT 'that revision''s note',
    valid_from DateTime64(3, 'Asia/Shanghai') COMMENT 'since when it is in force',
    revisions UInt64 COMMENT 'how many figures the target has had so far, this one included'
)
AS SELECT
    year,
    kpi_id,
    street,
    argMax(target, begun) AS target,
    argMax(note, begun) AS note,
    max(begun) AS valid_from,
    count() AS revisions
FROM
(
    SELECT year, kpi_id, street, target, note, valid_from AS begun
    FROM targets FINAL
    WHERE valid_from <= now64(3)
)
GROUP BY year, kpi_id, street;

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
    target Nullable(Float64) COMMENT 'the year''s target in force now (targets_in_force); NULL when the KPI has none there',
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
    FROM targets_in_force
)
GROUP BY year, kpi_id, street;
