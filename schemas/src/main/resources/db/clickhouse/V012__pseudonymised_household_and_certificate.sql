-- From this version on the KPI job stores household_id and certificate_id as keyed pseudonyms
-- (HMAC-SHA256, 43 characters of base64url, the worker_pseudonym's key), never as sent: producers
-- file a household under its head's resident ID (HH-<ID>), and certificate numbers are long digit
-- runs no check can tell from an ID. Equal values keep equal pseudonyms, so distinct households
-- and certificates still count. The columns keep their names (queries, dashboards and seeds use
-- them); only their comments change. Rows written before this version keep the values as sent.

ALTER TABLE aid_events
    MODIFY COLUMN household_id COMMENT '困难户编号 on AID_PAID, as its keyed pseudonym (HMAC-SHA256, like worker_pseudonym), never as sent (one payment = one 户次)';

ALTER TABLE training_events
    MODIFY COLUMN certificate_id COMMENT '证书编号 on CERTIFICATE_EARNED, as its keyed pseudonym (HMAC-SHA256, like worker_pseudonym), never as sent';
