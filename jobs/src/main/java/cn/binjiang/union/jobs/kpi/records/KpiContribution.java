package cn.binjiang.union.jobs.kpi.records;

import cn.binjiang.union.schema.kpi.CellKey;

/**
 * One event's share of one KPI cell: the cell (KPI, grain, period, slice) and what it adds.
 * Values are in hundredths (分 for money, 0.01 h for hours, 1/100 of a count) so every sum is an
 * exact long whatever order Flink adds them in. Slice columns hold {@code ""} for "all".
 *
 * @param bucket the first day of the period (day, month or year) in the Asia/Shanghai calendar, as an epoch day
 * @param events how many changes were folded into {@code delta} (an event counted, or a revision's payload taken
 *     back): the cell's version grows with it
 */
public record KpiContribution(
        String kpiId,
        String grain,
        int bucket,
        String street,
        String industry,
        String employmentForm,
        String category,
        long delta,
        long events) {

    /**
     * The cell this contribution belongs to, as a value: the key of the pre-aggregation bundle.
     * Cheaper than {@link #cellKey()} per contribution (no string is built, and the slice values are
     * the catalog's shared strings, whose hashes are cached).
     */
    public CellKey.Cell cell() {
        return new CellKey.Cell(kpiId, grain, bucket, street, industry, employmentForm, category);
    }

    /** The cell this contribution belongs to, as one string: the key of the keyed aggregation. */
    public String cellKey() {
        return CellKey.of(kpiId, grain, bucket, street, industry, employmentForm, category);
    }

    /** The same share taken back: a correction or withdrawal undoing what an earlier revision added. */
    public KpiContribution negated() {
        return new KpiContribution(
                kpiId, grain, bucket, street, industry, employmentForm, category, Math.negateExact(delta), events);
    }

    public KpiContribution plus(KpiContribution other) {
        return new KpiContribution(
                kpiId,
                grain,
                bucket,
                street,
                industry,
                employmentForm,
                category,
                delta + other.delta,
                events + other.events);
    }
}
