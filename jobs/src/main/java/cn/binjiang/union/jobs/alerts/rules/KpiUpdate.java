package cn.binjiang.union.jobs.alerts.rules;

import java.io.Serializable;

/**
 * A record of the KPI job's {@code kpi-updates} topic: a cell's new value.
 *
 * @param bucket the first day of the cell's period, as an epoch day (Asia/Shanghai calendar)
 * @param hundredths the value in hundredths (exact: 分 for money, 1/100 of a count)
 * @param watermark the KPI job's event time when it computed the value (epoch ms), or
 *     {@link Long#MIN_VALUE} before it had one: the alert job's clock for the share of a year gone
 */
public record KpiUpdate(String kpiId, String grain, int bucket, String street, String industry, String employmentForm,
                        String category, long hundredths, long version, long watermark) implements Serializable {}
