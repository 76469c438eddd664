CREATE TABLE IF NOT EXISTS fine (x UInt8) ENGINE = MergeTree ORDER BY x;
SELECT no_such_column FROM fine;
CREATE TABLE IF NOT EXISTS never (x UInt8) ENGINE = MergeTree ORDER BY x;
