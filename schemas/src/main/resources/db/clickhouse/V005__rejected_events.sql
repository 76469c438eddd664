-- Records the KPI job could not accept (undecodable, unknown schema, invalid field, unknown
-- street or enterprise, too late), with why and where they came from. Keyed by the Kafka
-- coordinates: a record replayed after a restore is rejected again and stored once.

CREATE TABLE IF NOT EXISTS rejected_events
(
    reason          LowCardinality(String) COMMENT 'reason code: undecodable, unknown_schema, invalid_field:<name>, unknown_street, unknown_enterprise, too_late, ...',
    detail          String COMMENT 'what exactly was wrong, for a person (resident IDs masked)',
    topic           LowCardinality(String) COMMENT 'source Kafka topic',
    partition       Int32 COMMENT 'source Kafka partition',
    offset          Int64 COMMENT 'source Kafka offset',
    rejected_at     DateTime64(3, 'Asia/Shanghai') COMMENT 'when the job rejected it; the latest rejection of a replayed record is kept',
    payload_base64  String COMMENT 'the record bytes, resident IDs masked, base64'
)
ENGINE = ReplacingMergeTree(rejected_at)
ORDER BY (topic, partition, offset)
COMMENT 'dead letters of the KPI job, one row per Kafka record under FINAL';
