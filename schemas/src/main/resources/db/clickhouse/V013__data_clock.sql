-- The data's own clock. Pace and elapsed share were measured against now(), so every year but the
-- current one, and every replay, read as far behind. They are measured from here on against the
-- newest event time the KPI job has accepted: the greatest occurred_at of the raw event tables,
-- which hold exactly the accepted events (rejected, too-late and duplicate records land elsewhere).
-- The intake refuses an occurred_at later than its own now plus kpi.clock-skew-tolerance (5 min),
-- so no event can push the clock further ahead than that.
--
-- Why the raw tables and not the job's watermark: the watermark is the slowest partition's event
-- time minus the out-of-orderness, and it lives in the job; storing it would add a sink, and its
-- kill/restart guarantees, to the KPI job. The raw tables are written by the job's ClickHouse sink
-- like the KPI cells, exactly once in effect, and max() needs no FINAL: a re-sent copy carries the
-- same time.
--
-- Why the projections: the raw tables are sorted by event_id and not partitioned, so ClickHouse
-- keeps no min/max of occurred_at per part and max() read the whole column. Measured over HTTP with
-- 10,000,000 events and 0.9M KPI cells, on 2 cores another test run kept busy (p10 of 41 runs, two
-- runs): the clock alone read 10,000,000 rows (80 MB) in 42-63 ms, and the cockpit's year cards
-- (kpi_progress, every 5 s) went from 28-36 ms to 62-94 ms. Each part now keeps its own
-- max(occurred_at): the clock reads 1,225 rows in 13 ms and the cards take 35-40 ms. A
-- ReplacingMergeTree must say what a merge that drops rows does to a projection: 'rebuild'
-- computes it again.

ALTER TABLE enrollment_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE enrollment_events ADD PROJECTION IF NOT EXISTS newest_event (SELECT max(occurred_at));
ALTER TABLE enrollment_events MATERIALIZE PROJECTION newest_event;
ALTER TABLE training_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE training_events ADD PROJECTION IF NOT EXISTS newest_event (SELECT max(occurred_at));
ALTER TABLE training_events MATERIALIZE PROJECTION newest_event;
ALTER TABLE competition_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE competition_events ADD PROJECTION IF NOT EXISTS newest_event (SELECT max(occurred_at));
ALTER TABLE competition_events MATERIALIZE PROJECTION newest_event;
ALTER TABLE aid_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE aid_events ADD PROJECTION IF NOT EXISTS newest_event (SELECT max(occurred_at));
ALTER TABLE aid_events MATERIALIZE PROJECTION newest_event;
ALTER TABLE legal_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';
ALTER TABLE legal_events ADD PROJECTION IF NOT EXISTS newest_event (SELECT max(occurred_at));
ALTER TABLE legal_events MATERIALIZE PROJECTION newest_event;

-- One row: as_of, the newest accepted event time; NULL before the first event. An empty table's
-- max() is the epoch, which no accepted event carries. SQL SECURITY DEFINER: it reads the raw
-- tables as the user who ran this migration, so a street officer's ClickHouse user, which may read
-- kpi_progress (and through it this view) but no raw table, learns the one time and nothing else.
CREATE OR REPLACE VIEW data_clock DEFINER = CURRENT_USER SQL SECURITY DEFINER AS
SELECT nullIf(max(newest), toDateTime64(0, 3, 'Asia/Shanghai')) AS as_of
FROM
(
    SELECT max(occurred_at) AS newest FROM enrollment_events
    UNION ALL SELECT max(occurred_at) FROM training_events
    UNION ALL SELECT max(occurred_at) FROM competition_events
    UNION ALL SELECT max(occurred_at) FROM aid_events
    UNION ALL SELECT max(occurred_at) FROM legal_events
);

-- kpi_progress measured by the data clock: elapsed_share is the share of the year gone at as_of
-- (to the millisecond, Asia/Shanghai), 1 for a year before the clock's, 0 for a year after it and
-- before the first event. as_of is new: the clock every row was measured by. Every column of
-- V010's view stays, under the same name and type.
CREATE OR REPLACE VIEW kpi_progress AS
WITH (SELECT as_of FROM data_clock) AS clock
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
