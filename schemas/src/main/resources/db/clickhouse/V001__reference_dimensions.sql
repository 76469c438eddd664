-- Reference data the KPIs are sliced by; loaded by the seeds, read by the dashboards and analysts.
-- ReplacingMergeTree so that reloading the reference data replaces rows instead of doubling them.

CREATE TABLE IF NOT EXISTS streets
(
    code        LowCardinality(String) COMMENT 'street code, e.g. xixing',
    name_zh     String COMMENT '街道名称, e.g. 西兴街道',
    name_en     String,
    river_side  LowCardinality(String) COMMENT 'jiangbei (江北) or jiangnan (江南)',
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY code;

CREATE TABLE IF NOT EXISTS industries
(
    code        LowCardinality(String),
    name_zh     String,
    name_en     String,
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY code;

CREATE TABLE IF NOT EXISTS employment_forms
(
    code        LowCardinality(String) COMMENT 'e.g. food_delivery_rider; standard for ordinary employment',
    name_zh     String,
    name_en     String,
    new_form    Bool COMMENT 'a new form of employment (新就业形态)',
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY code;

CREATE TABLE IF NOT EXISTS enterprises
(
    credit_code     FixedString(18) COMMENT '统一社会信用代码',
    name            String,
    street_code     LowCardinality(String),
    industry_code   LowCardinality(String),
    employee_count  UInt32,
    loaded_at       DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY credit_code;
