-- The alert job's output: every transition of every alert (pending, firing, resolved), the
-- notifications the webhook acknowledged, and officers' acknowledgements from the cockpit.
-- Transition ids are stable across restores (<alert id>#<seq>), so a transition written twice is
-- stored once, and a notification recorded as delivered is never sent again.

CREATE TABLE IF NOT EXISTS alerts
(
    transition_id   String COMMENT '<alert id>#<seq>: one transition of one alert',
    alert_id        LowCardinality(String) COMMENT 'the rule id of the rules file',
    name            String COMMENT 'the rule''s Chinese name',
    severity        LowCardinality(String) COMMENT 'info, warning or critical',
    status          LowCardinality(String) COMMENT 'pending, firing or resolved',
    street          LowCardinality(String) COMMENT 'the street it concerns, or empty for the district',
    kpi_id          LowCardinality(String) COMMENT 'the KPI a KPI rule watches, or empty',
    message         String COMMENT 'what was seen, for the duty officer (Chinese)',
    seq             UInt64 COMMENT 'the transition''s number within its alert',
    at              DateTime64(3, 'Asia/Shanghai') COMMENT 'when the alert job saw it',
    notify          Bool COMMENT 'whether it is notified (not a pending, not a firing inside the suppression window)'
)
ENGINE = ReplacingMergeTree(at)
ORDER BY transition_id
COMMENT 'alert transitions, one row per transition under FINAL';

CREATE TABLE IF NOT EXISTS alert_notifications
(
    transition_id   String,
    delivered_at    DateTime64(3, 'Asia/Shanghai') COMMENT 'when the webhook answered success',
    attempts        UInt32 COMMENT 'requests it took'
)
ENGINE = ReplacingMergeTree(delivered_at)
ORDER BY transition_id
COMMENT 'notifications the webhook acknowledged: the notifier skips a transition found here';

CREATE TABLE IF NOT EXISTS alert_acks
(
    alert_id        LowCardinality(String),
    transition_id   String COMMENT 'the firing acknowledged',
    username        String COMMENT 'who acknowledged it',
    acked_at        DateTime64(3, 'Asia/Shanghai')
)
ENGINE = ReplacingMergeTree(acked_at)
ORDER BY transition_id
COMMENT 'officers'' acknowledgements of firing alerts, from the cockpit';

CREATE OR REPLACE VIEW alert_state AS
SELECT
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
