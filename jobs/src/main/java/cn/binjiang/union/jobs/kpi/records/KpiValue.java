package cn.binjiang.union.jobs.kpi.records;

/**
 * The current value of one KPI cell, as upserted into {@code kpi_values} and published on
 * {@code kpi-updates}. {@code version} is the number of distinct events folded into the cell:
 * it only grows, whatever the batching, so after a restore and replay the true total carries
 * the highest version and wins in the ReplacingMergeTree. {@code watermark} is the job's event time
 * when the value was computed ({@link Long#MIN_VALUE} before it had one): the alert job's clock.
 */
public record KpiValue(
        String kpiId, String grain, int bucket,
        String street, String industry, String employmentForm, String category,
        long value, long version, long updatedAt, long watermark) {

    public String cellKey() {
        return CellKey.of(kpiId, grain, bucket, street, industry, employmentForm, category);
    }
}
