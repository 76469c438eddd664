package cn.binjiang.union.schema.kpi;

/**
 * The current value of one KPI cell, as the KPI job upserts it into {@code kpi_values} and publishes it
 * on {@code kpi-updates} ({@link cn.binjiang.union.schema.topic.KpiUpdateJson}, the topic's contract), and
 * as the alert job reads it back from there. {@code version} is the number of changes (events counted, revisions taken
 * back) folded into the cell, raised by 2^32 by each {@code kpi rebuild} that changes it: it only grows, whatever the
 * batching, so after a restore and replay the true total carries the highest version and wins in the
 * ReplacingMergeTree. {@code watermark} is the job's event time
 * when the value was computed ({@link Long#MIN_VALUE} before it had one): the alert job's clock.
 *
 * @param grain a {@link Grain}'s label
 * @param bucket the first day of the cell's period in the {@link KpiCalendar}, as an epoch day
 * @param value in hundredths (exact: 分 for money, 0.01 h for hours, 1/100 of a count)
 * @param updatedAt when the job computed the value (epoch ms)
 */
public record KpiValue(
        String kpiId,
        String grain,
        int bucket,
        String street,
        String industry,
        String employmentForm,
        String category,
        long value,
        long version,
        long updatedAt,
        long watermark) {

    /** The value of {@code cell}. */
    public static KpiValue of(CellKey.Cell cell, long value, long version, long updatedAt, long watermark) {
        return new KpiValue(
                cell.kpiId(),
                cell.grain(),
                cell.bucket(),
                cell.street(),
                cell.industry(),
                cell.employmentForm(),
                cell.category(),
                value,
                version,
                updatedAt,
                watermark);
    }

    public String cellKey() {
        return CellKey.of(kpiId, grain, bucket, street, industry, employmentForm, category);
    }
}
