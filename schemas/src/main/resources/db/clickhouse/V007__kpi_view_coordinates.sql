-- Both KPI views carry `kpi`, the short name of kpi_id that dashboards, alert rules and ad-hoc
-- queries use, and kpi_progress carries the cell coordinates of kpi_latest too (grain 'year',
-- bucket = the year's first day, value = actual), so that the two views are queried alike.
-- Every column of V004's views stays, under the same name.

CREATE OR REPLACE VIEW kpi_latest AS
SELECT kpi_id, kpi_id AS kpi, grain, bucket, street, industry, employment_form, category, value, version, updated_at
FROM kpi_values FINAL;

CREATE OR REPLACE VIEW kpi_progress AS
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
