-- The two category dimensions the KPIs slice by that V001 has no table for, so that dashboards
-- label competition fields and aid categories from data, as they do streets and industries.

CREATE TABLE IF NOT EXISTS competition_fields
(
    code        LowCardinality(String) COMMENT 'e.g. information_software',
    name_zh     String COMMENT '竞赛领域, e.g. 信息软件',
    name_en     String,
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY code;

CREATE TABLE IF NOT EXISTS aid_categories
(
    code        LowCardinality(String) COMMENT 'e.g. medical',
    name_zh     String COMMENT '救助类别, e.g. 助医',
    name_en     String,
    loaded_at   DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(loaded_at)
ORDER BY code;
