-- Records the KPI job read and did not count because their event id had been counted already (a
-- producer's re-send, a source system replaying after its own failure). With rejected_events and
-- the raw event tables they account for every record read: per topic,
--   events stored (<stream>_events FINAL) + duplicate_events + rejected_events = records consumed.
-- Keyed by the Kafka coordinates like rejected_events: a copy replayed after a restore is found a
-- duplicate again and stored once. No payload is kept: the first copy is in the raw table.

CREATE TABLE IF NOT EXISTS duplicate_events
(
    event_id        UUID COMMENT 'the event id already counted',
    stream          LowCardinality(String) COMMENT 'enrollment, training, competition, aid or legal',
    occurred_at     DateTime64(3, 'Asia/Shanghai') COMMENT 'the event time the copy carries',
    topic           LowCardinality(String) COMMENT 'source Kafka topic of the copy',
    partition       Int32 COMMENT 'source Kafka partition of the copy',
    offset          Int64 COMMENT 'source Kafka offset of the copy',
    detected_at     DateTime64(3, 'Asia/Shanghai') COMMENT 'when the job found the copy; the latest detection of a replayed copy is kept'
)
ENGINE = ReplacingMergeTree(detected_at)
ORDER BY (topic, partition, offset)
COMMENT 'copies of already counted events the KPI job dropped, one row per Kafka record under FINAL';
