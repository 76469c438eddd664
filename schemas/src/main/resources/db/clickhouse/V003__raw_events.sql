-- Raw events, one table per stream, for analysts' ad-hoc SQL: the envelope flattened, then the
-- stream's event_type and its own fields. Written by the KPI job's ClickHouse sink, which may send
-- a batch again after a failure and a replay may send an event again: the tables are
-- ReplacingMergeTree keyed by event_id alone, so a re-sent event is one row once merged, and
-- exactly one row when read with FINAL.
--
-- Why ORDER BY event_id and no time partitioning: ReplacingMergeTree deduplicates only rows with
-- the same sorting key in the same partition, so the key must be exactly the identity; a key or
-- partition that includes occurred_at would keep two rows of one event if a producer re-sent it
-- with a corrected time. Analysts' time filters scan the table, which at the federation's volumes
-- (about a million events a year) takes milliseconds.
--
-- Conventions: enums are their Avro symbol in lower case, the codes of the reference tables and
-- of the kpi_values slices (XIXING -> xixing, AID_PAID -> aid_paid), '' when the event has none;
-- optional identifiers, counts and decimals are Nullable, because "not given" is not 0 or ''.
-- Integer columns are Int32 like Avro's int, so every event the codec decodes can be stored:
-- the sink retries a failed batch instead of dropping it, and a value ClickHouse refused would
-- stop it for good.

CREATE TABLE IF NOT EXISTS enrollment_events
(
    event_id                  UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at               DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system             LowCardinality(String) COMMENT '来源系统',
    street                    LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code    Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym          Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry                  LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form           LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    event_type                LowCardinality(String) COMMENT 'union_founded, org_digitised, member_joined, member_transferred, member_left',
    union_id                  Nullable(String) COMMENT '工会组织编号 founded, digitised, joined or left (transfer: the one left)',
    union_kind                LowCardinality(String) COMMENT '建会方式 real_name or new_form on union_founded, else empty',
    enterprise_employee_count Nullable(Int32) COMMENT '在职职工数 on UNION_FOUNDED and ORG_DIGITISED: the denominator of 入会率',
    transfer_to_union_id      Nullable(String) COMMENT '转入工会编号 on MEMBER_TRANSFERRED',
    ingested_at               DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3) COMMENT 'when the row reached ClickHouse: the replacing version'
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id
COMMENT '建会入会 events (topic enrollment), one row per event_id under FINAL';

CREATE TABLE IF NOT EXISTS training_events
(
    event_id                  UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at               DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system             LowCardinality(String) COMMENT '来源系统',
    street                    LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code    Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym          Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry                  LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form           LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    event_type                LowCardinality(String) COMMENT 'course_enrolled, course_completed, course_dropped, certificate_earned',
    course_id                 Nullable(String) COMMENT '课程编号',
    hours                     Nullable(Decimal(7, 2)) COMMENT '培训学时 attended, on COURSE_COMPLETED and COURSE_DROPPED',
    skill_level               LowCardinality(String) COMMENT '职业技能等级 of the certificate or course, empty when none',
    certificate_id            Nullable(String) COMMENT '证书编号 on CERTIFICATE_EARNED',
    ingested_at               DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3) COMMENT 'when the row reached ClickHouse: the replacing version'
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id
COMMENT '职工技能培训 events (topic training), one row per event_id under FINAL';

CREATE TABLE IF NOT EXISTS competition_events
(
    event_id                  UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at               DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system             LowCardinality(String) COMMENT '来源系统',
    street                    LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code    Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym          Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry                  LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form           LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    event_type                LowCardinality(String) COMMENT 'competition_opened, participant_registered, result_recorded, award_granted, craftsman_named, innovation_studio_named',
    competition_id            Nullable(String) COMMENT '竞赛编号',
    field                     LowCardinality(String) COMMENT '竞赛领域 code, empty when none',
    placing                   Nullable(Int32) COMMENT '名次 (1 = first) on RESULT_RECORDED',
    award_rank                LowCardinality(String) COMMENT '奖项等级 on award_granted, else empty',
    title                     Nullable(String) COMMENT '称号 on CRAFTSMAN_NAMED, studio name on INNOVATION_STUDIO_NAMED',
    invention_patents         Nullable(Int32) COMMENT '发明专利数 credited when named',
    ingested_at               DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3) COMMENT 'when the row reached ClickHouse: the replacing version'
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id
COMMENT '劳动技能竞赛 events (topic competition), one row per event_id under FINAL';

CREATE TABLE IF NOT EXISTS aid_events
(
    event_id                  UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at               DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system             LowCardinality(String) COMMENT '来源系统',
    street                    LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code    Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym          Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry                  LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form           LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    event_type                LowCardinality(String) COMMENT 'funds_raised, aid_paid',
    amount_cny                Decimal(14, 2) COMMENT '金额 in 元 to the 分: raised or paid',
    category                  LowCardinality(String) COMMENT '帮扶类别 on aid_paid (hardship, medical, education, reverse_feeding, emergency), else empty',
    household_id              Nullable(String) COMMENT '困难户编号 on AID_PAID (one payment = one 户次)',
    ingested_at               DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3) COMMENT 'when the row reached ClickHouse: the replacing version'
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id
COMMENT '帮扶解困 (春风行动) events (topic aid), one row per event_id under FINAL';

CREATE TABLE IF NOT EXISTS legal_events
(
    event_id                  UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at               DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system             LowCardinality(String) COMMENT '来源系统',
    street                    LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code    Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym          Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry                  LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form           LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    event_type                LowCardinality(String) COMMENT 'legal_package_granted, legal_group_joined, dispute_received, dispute_mediated',
    case_id                   Nullable(String) COMMENT '案件编号 on the dispute events',
    group_area                LowCardinality(String) COMMENT '片区 jiangbei or jiangnan on legal_group_joined, else empty',
    mediation_outcome         LowCardinality(String) COMMENT '调解结果 on dispute_mediated (settled, not_settled, withdrawn), empty before schema v2',
    ingested_at               DateTime64(3, 'Asia/Shanghai') DEFAULT now64(3) COMMENT 'when the row reached ClickHouse: the replacing version'
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id
COMMENT '劳动用工法律服务 events (topic legal), one row per event_id under FINAL';
