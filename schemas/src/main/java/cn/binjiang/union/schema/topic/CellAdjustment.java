package cn.binjiang.union.schema.topic;

import cn.binjiang.union.schema.kpi.CellKey;

/**
 * What {@code kpi rebuild} tells the running KPI job to add to one cell so that the cell holds its rebuilt total: the
 * difference between the total recounted from the raw tables and the one the job's state held at the same cut of the
 * Kafka topics (a savepoint taken while the job runs on).
 *
 * @param rebuildId the rebuild that sent it (its savepoint's name): for the logs
 * @param valueDelta hundredths to add to the cell's value
 * @param versionDelta what to add to the cell's version: at least one, so that the rebuilt row outranks every row
 *     written before
 * @param basisVersion the cell's version in the savepoint the rebuild counted against (0: the cell had no state);
 *     when the cell still holds exactly it, the rebuild wrote the cell's row itself
 */
public record CellAdjustment(
        String rebuildId, CellKey.Cell cell, long valueDelta, long versionDelta, long basisVersion) {

    public CellAdjustment {
        if (versionDelta < 1) throw new IllegalArgumentException("an adjustment raises the version: " + versionDelta);
        if (basisVersion < 0) throw new IllegalArgumentException("a version is not negative: " + basisVersion);
    }
}
