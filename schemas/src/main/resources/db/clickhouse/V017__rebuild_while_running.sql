-- Where each raw row was read (issue 21, a rebuild that does not stop the KPI job): the Kafka partition and offset of
-- the record that carried the revision, within its stream's topic. kpi rebuild takes a savepoint of the running job,
-- reads from it the next offset to read of every partition (the job's cut of the topics) and recounts only the rows
-- below it: exactly the revisions the savepoint's KPI state counted, whatever the job writes while the rebuild runs.
-- A record replayed after a restore is the same record, with the same offset. Rows written before hold -1: read before
-- any later cut. Both come after the stream's own fields and before ingested_at, as RawEventRows binds them: the
-- JDBC driver's batch insert fills a table's leading columns in order, and leaves the trailing ingested_at to its
-- default.

ALTER TABLE enrollment_events
    ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 COMMENT 'partition of the record this revision was read from, in the stream''s topic; -1 on rows written before V017' AFTER transfer_to_union_id,
    ADD COLUMN IF NOT EXISTS kafka_offset Int64 DEFAULT -1 COMMENT 'offset of that record: kpi rebuild counts the rows below the running job''s cut; -1 on rows written before V017' AFTER kafka_partition;

ALTER TABLE training_events
    ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 COMMENT 'partition of the record this revision was read from, in the stream''s topic; -1 on rows written before V017' AFTER certificate_id,
    ADD COLUMN IF NOT EXISTS kafka_offset Int64 DEFAULT -1 COMMENT 'offset of that record: kpi rebuild counts the rows below the running job''s cut; -1 on rows written before V017' AFTER kafka_partition;

ALTER TABLE competition_events
    ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 COMMENT 'partition of the record this revision was read from, in the stream''s topic; -1 on rows written before V017' AFTER invention_patents,
    ADD COLUMN IF NOT EXISTS kafka_offset Int64 DEFAULT -1 COMMENT 'offset of that record: kpi rebuild counts the rows below the running job''s cut; -1 on rows written before V017' AFTER kafka_partition;

ALTER TABLE aid_events
    ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 COMMENT 'partition of the record this revision was read from, in the stream''s topic; -1 on rows written before V017' AFTER household_id,
    ADD COLUMN IF NOT EXISTS kafka_offset Int64 DEFAULT -1 COMMENT 'offset of that record: kpi rebuild counts the rows below the running job''s cut; -1 on rows written before V017' AFTER kafka_partition;

ALTER TABLE legal_events
    ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 COMMENT 'partition of the record this revision was read from, in the stream''s topic; -1 on rows written before V017' AFTER mediation_outcome,
    ADD COLUMN IF NOT EXISTS kafka_offset Int64 DEFAULT -1 COMMENT 'offset of that record: kpi rebuild counts the rows below the running job''s cut; -1 on rows written before V017' AFTER kafka_partition;

-- kpi rebuild raises a cell's version by 2^32 when it changes the cell (RebuildPlan): its row must outrank the rows the
-- job writes until the job has taken the rebuild in.
ALTER TABLE kpi_values COMMENT COLUMN version 'changes folded into the cell so far (events counted, revisions taken back), plus 2^32 for each kpi rebuild that changed it: only grows, the highest row is current';
