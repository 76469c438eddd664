-- The year's targets each KPI is measured against (完成率 = actual / target).
-- street = '' is the district-wide target.

CREATE TABLE IF NOT EXISTS targets
(
    year        UInt16,
    kpi_id      LowCardinality(String),
    street      LowCardinality(String) DEFAULT '' COMMENT 'street code, or empty for the whole district',
    target      Float64,
    note        String DEFAULT '' COMMENT 'where the figure comes from',
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY (year, kpi_id, street);
