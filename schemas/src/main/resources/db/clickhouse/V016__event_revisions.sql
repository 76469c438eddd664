-- Corrections and withdrawals (issue 21): a producer corrects an event by sending it again under the same
-- event_id with a higher revision, or withdraws it with a revision marked withdrawn (schemas/README.md, "Corrections
-- and withdrawals"). The raw tables keep every revision as a row of its own, with who sent it (source_system) and
-- when it arrived (ingested_at): the audit trail. Their sorting key becomes (event_id, revision), so FINAL still
-- collapses a re-sent copy of one revision, and never one revision into another; a table cannot change its sorting
-- key in place, hence the copy (as V009), which keeps V013's projection and its setting. Rows written before hold
-- revision 0, not withdrawn: what they were.
-- <stream>_events_current holds each event's newest revision, leaving out the events it withdraws: what the KPIs
-- count, what kpi rebuild reads and what the dashboards and most ad-hoc questions want.

-- A KPI cell's version now counts changes: each event counted, and each revision's contribution a correction or
-- withdrawal takes back.
ALTER TABLE kpi_values COMMENT COLUMN version 'changes folded into the cell so far (events counted, revisions taken back): only grows, the highest row is current';

ALTER TABLE enrollment_events
    ADD COLUMN IF NOT EXISTS revision Int32 DEFAULT 0 COMMENT '修订号: 0 as first sent, higher for each correction; every revision is a row of its own' AFTER employment_form,
    ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false COMMENT '撤回: true on the revision that withdraws the event, which then counts in no KPI' AFTER revision;

CREATE TABLE IF NOT EXISTS enrollment_events_v016 AS enrollment_events
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (event_id, revision)
SETTINGS deduplicate_merge_projection_mode = 'rebuild'
COMMENT '建会入会 events (topic enrollment), every revision of every event, one row per event_id and revision under FINAL: read the newest through enrollment_events_current';

INSERT INTO enrollment_events_v016 SELECT * FROM enrollment_events;

RENAME TABLE enrollment_events TO enrollment_events_v015, enrollment_events_v016 TO enrollment_events;

DROP TABLE enrollment_events_v015;

ALTER TABLE training_events
    ADD COLUMN IF NOT EXISTS revision Int32 DEFAULT 0 COMMENT '修订号: 0 as first sent, higher for each correction; every revision is a row of its own' AFTER employment_form,
    ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false COMMENT '撤回: true on the revision that withdraws the event, which then counts in no KPI' AFTER revision;

CREATE TABLE IF NOT EXISTS training_events_v016 AS training_events
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (event_id, revision)
SETTINGS deduplicate_merge_projection_mode = 'rebuild'
COMMENT '职工技能培训 events (topic training), every revision of every event, one row per event_id and revision under FINAL: read the newest through training_events_current';

INSERT INTO training_events_v016 SELECT * FROM training_events;

RENAME TABLE training_events TO training_events_v015, training_events_v016 TO training_events;

DROP TABLE training_events_v015;

ALTER TABLE competition_events
    ADD COLUMN IF NOT EXISTS revision Int32 DEFAULT 0 COMMENT '修订号: 0 as first sent, higher for each correction; every revision is a row of its own' AFTER employment_form,
    ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false COMMENT '撤回: true on the revision that withdraws the event, which then counts in no KPI' AFTER revision;

CREATE TABLE IF NOT EXISTS competition_events_v016 AS competition_events
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (event_id, revision)
SETTINGS deduplicate_merge_projection_mode = 'rebuild'
COMMENT '劳动技能竞赛 events (topic competition), every revision of every event, one row per event_id and revision under FINAL: read the newest through competition_events_current';

INSERT INTO competition_events_v016 SELECT * FROM competition_events;

RENAME TABLE competition_events TO competition_events_v015, competition_events_v016 TO competition_events;

DROP TABLE competition_events_v015;

ALTER TABLE aid_events
    ADD COLUMN IF NOT EXISTS revision Int32 DEFAULT 0 COMMENT '修订号: 0 as first sent, higher for each correction; every revision is a row of its own' AFTER employment_form,
    ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false COMMENT '撤回: true on the revision that withdraws the event, which then counts in no KPI' AFTER revision;

CREATE TABLE IF NOT EXISTS aid_events_v016 AS aid_events
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (event_id, revision)
SETTINGS deduplicate_merge_projection_mode = 'rebuild'
COMMENT '帮扶解困 (春风行动) events (topic aid), every revision of every event, one row per event_id and revision under FINAL: read the newest through aid_events_current';

INSERT INTO aid_events_v016 SELECT * FROM aid_events;

RENAME TABLE aid_events TO aid_events_v015, aid_events_v016 TO aid_events;

DROP TABLE aid_events_v015;

ALTER TABLE legal_events
    ADD COLUMN IF NOT EXISTS revision Int32 DEFAULT 0 COMMENT '修订号: 0 as first sent, higher for each correction; every revision is a row of its own' AFTER employment_form,
    ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false COMMENT '撤回: true on the revision that withdraws the event, which then counts in no KPI' AFTER revision;

CREATE TABLE IF NOT EXISTS legal_events_v016 AS legal_events
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (event_id, revision)
SETTINGS deduplicate_merge_projection_mode = 'rebuild'
COMMENT '劳动用工法律服务 events (topic legal), every revision of every event, one row per event_id and revision under FINAL: read the newest through legal_events_current';

INSERT INTO legal_events_v016 SELECT * FROM legal_events;

RENAME TABLE legal_events TO legal_events_v015, legal_events_v016 TO legal_events;

DROP TABLE legal_events_v015;

CREATE OR REPLACE VIEW enrollment_events_current
(
    event_id                  UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at               DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system             LowCardinality(String) COMMENT '来源系统',
    street                    LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code    Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym          Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry                  LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form           LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    revision                  Int32 COMMENT '修订号 of the newest revision received (0: never corrected)',
    withdrawn                 Bool COMMENT 'always false here: a withdrawn event is left out',
    event_type                LowCardinality(String) COMMENT 'union_founded, org_digitised, member_joined, member_transferred, member_left',
    union_id                  Nullable(String) COMMENT '工会组织编号 founded, digitised, joined or left (transfer: the one left)',
    union_kind                LowCardinality(String) COMMENT '建会方式 real_name or new_form on union_founded, else empty',
    enterprise_employee_count Nullable(Int32) COMMENT '在职职工数 on UNION_FOUNDED and ORG_DIGITISED: the denominator of 入会率',
    transfer_to_union_id      Nullable(String) COMMENT '转入工会编号 on MEMBER_TRANSFERRED',
    ingested_at               DateTime64(3, 'Asia/Shanghai') COMMENT 'when the row reached ClickHouse: the replacing version'
)
AS SELECT *
FROM
(
    SELECT * FROM enrollment_events FINAL
    ORDER BY event_id, revision DESC
    LIMIT 1 BY event_id
)
WHERE NOT withdrawn;

CREATE OR REPLACE VIEW training_events_current
(
    event_id               UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at            DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system          LowCardinality(String) COMMENT '来源系统',
    street                 LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym       Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry               LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form        LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    revision               Int32 COMMENT '修订号 of the newest revision received (0: never corrected)',
    withdrawn              Bool COMMENT 'always false here: a withdrawn event is left out',
    event_type             LowCardinality(String) COMMENT 'course_enrolled, course_completed, course_dropped, certificate_earned',
    course_id              Nullable(String) COMMENT '课程编号',
    hours                  Nullable(Decimal(7, 2)) COMMENT '培训学时 attended, on COURSE_COMPLETED and COURSE_DROPPED',
    skill_level            LowCardinality(String) COMMENT '职业技能等级 of the certificate or course, empty when none',
    certificate_id         Nullable(String) COMMENT '证书编号 on CERTIFICATE_EARNED, as its keyed pseudonym (HMAC-SHA256, like worker_pseudonym), never as sent',
    ingested_at            DateTime64(3, 'Asia/Shanghai') COMMENT 'when the row reached ClickHouse: the replacing version'
)
AS SELECT *
FROM
(
    SELECT * FROM training_events FINAL
    ORDER BY event_id, revision DESC
    LIMIT 1 BY event_id
)
WHERE NOT withdrawn;

CREATE OR REPLACE VIEW competition_events_current
(
    event_id               UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at            DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system          LowCardinality(String) COMMENT '来源系统',
    street                 LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym       Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry               LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form        LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    revision               Int32 COMMENT '修订号 of the newest revision received (0: never corrected)',
    withdrawn              Bool COMMENT 'always false here: a withdrawn event is left out',
    event_type             LowCardinality(String) COMMENT 'competition_opened, participant_registered, result_recorded, award_granted, craftsman_named, innovation_studio_named',
    competition_id         Nullable(String) COMMENT '竞赛编号',
    field                  LowCardinality(String) COMMENT '竞赛领域 code, empty when none',
    placing                Nullable(Int32) COMMENT '名次 (1 = first) on RESULT_RECORDED',
    award_rank             LowCardinality(String) COMMENT '奖项等级 on award_granted, else empty',
    title                  Nullable(String) COMMENT '称号 on CRAFTSMAN_NAMED, studio name on INNOVATION_STUDIO_NAMED',
    invention_patents      Nullable(Int32) COMMENT '发明专利数 credited when named',
    ingested_at            DateTime64(3, 'Asia/Shanghai') COMMENT 'when the row reached ClickHouse: the replacing version'
)
AS SELECT *
FROM
(
    SELECT * FROM competition_events FINAL
    ORDER BY event_id, revision DESC
    LIMIT 1 BY event_id
)
WHERE NOT withdrawn;

CREATE OR REPLACE VIEW aid_events_current
(
    event_id               UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at            DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system          LowCardinality(String) COMMENT '来源系统',
    street                 LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym       Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry               LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form        LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    revision               Int32 COMMENT '修订号 of the newest revision received (0: never corrected)',
    withdrawn              Bool COMMENT 'always false here: a withdrawn event is left out',
    event_type             LowCardinality(String) COMMENT 'funds_raised, aid_paid',
    amount_cny             Decimal(14, 2) COMMENT '金额 in 元 to the 分: raised or paid',
    category               LowCardinality(String) COMMENT '帮扶类别 on aid_paid (hardship, medical, education, reverse_feeding, emergency), else empty',
    household_id           Nullable(String) COMMENT '困难户编号 on AID_PAID, as its keyed pseudonym (HMAC-SHA256, like worker_pseudonym), never as sent (one payment = one 户次)',
    ingested_at            DateTime64(3, 'Asia/Shanghai') COMMENT 'when the row reached ClickHouse: the replacing version'
)
AS SELECT *
FROM
(
    SELECT * FROM aid_events FINAL
    ORDER BY event_id, revision DESC
    LIMIT 1 BY event_id
)
WHERE NOT withdrawn;

CREATE OR REPLACE VIEW legal_events_current
(
    event_id               UUID COMMENT '事件编号, chosen by the producer, kept on re-send: the identity',
    occurred_at            DateTime64(3, 'Asia/Shanghai') COMMENT '发生时间: KPIs bucket by it',
    source_system          LowCardinality(String) COMMENT '来源系统',
    street                 LowCardinality(String) COMMENT '街道 code (xixing, changhe, puyan), empty for district-level (区总本级) events',
    enterprise_credit_code Nullable(String) COMMENT '统一社会信用代码, NULL when no enterprise is involved',
    worker_pseudonym       Nullable(String) COMMENT 'keyed hash (HMAC-SHA256) of the worker resident ID, never the ID itself; NULL when no worker is involved',
    industry               LowCardinality(String) COMMENT '行业 code (e.g. digital_economy), empty when none',
    employment_form        LowCardinality(String) COMMENT '就业形态 code (e.g. food_delivery_rider), empty when none',
    revision               Int32 COMMENT '修订号 of the newest revision received (0: never corrected)',
    withdrawn              Bool COMMENT 'always false here: a withdrawn event is left out',
    event_type             LowCardinality(String) COMMENT 'legal_package_granted, legal_group_joined, dispute_received, dispute_mediated',
    case_id                Nullable(String) COMMENT '案件编号 on the dispute events',
    group_area             LowCardinality(String) COMMENT '片区 jiangbei or jiangnan on legal_group_joined, else empty',
    mediation_outcome      LowCardinality(String) COMMENT '调解结果 on dispute_mediated (settled, not_settled, withdrawn), empty before schema v2',
    ingested_at            DateTime64(3, 'Asia/Shanghai') COMMENT 'when the row reached ClickHouse: the replacing version'
)
AS SELECT *
FROM
(
    SELECT * FROM legal_events FINAL
    ORDER BY event_id, revision DESC
    LIMIT 1 BY event_id
)
WHERE NOT withdrawn;
