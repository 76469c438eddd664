package cn.binjiang.union.jobs.kpi.intake;

/**
 * Why the intake refuses a record: a reason code to count by (it names a field, never a value)
 * and a detail for the person who fixes the producer, which may name a value: the intake masks it
 * ({@link cn.binjiang.union.schema.ids.PersonalDataMasker}) before it is stored or published.
 */
public record Rejection(String reason, String detail) {}
