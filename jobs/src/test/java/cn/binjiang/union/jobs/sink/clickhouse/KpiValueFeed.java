package cn.binjiang.union.jobs.sink.clickhouse;

import cn.binjiang.union.schema.kpi.KpiValue;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * A stream of KPI upserts with known totals: row n updates cell {@code n % cells} to version
 * {@code n / cells + 1}, with value {@code version × 100 + cell} hundredths, so each cell's
 * final value is that of its highest version and a duplicate or lost row changes the totals.
 */
record KpiValueFeed(String kpiId, long rows, int cells) {
    DataGeneratorSource<KpiValue> source(RateLimiterStrategy rate) {
        String kpi = kpiId;
        int cellCount = cells;
        return new DataGeneratorSource<>(n -> row(kpi, n, cellCount), rows, rate, TypeInformation.of(KpiValue.class));
    }

    /** Σ over cells of the value of its last upsert: what {@code sum(value)} under FINAL must be. */
    BigDecimal expectedFinalSum() {
        Map<String, KpiValue> latest = new HashMap<>();
        for (long n = 0; n < rows; n++) {
            KpiValue v = row(kpiId, n, cells);
            latest.put(v.street() + '|' + v.bucket(), v);
        }
        return BigDecimal.valueOf(
                latest.values().stream().mapToLong(KpiValue::value).sum(), 2);
    }

    /** The first hundred cells differ in street alone. */
    private static KpiValue row(String kpiId, long n, int cells) {
        int cell = (int) (n % cells);
        long version = n / cells + 1;
        return new KpiValue(
                kpiId,
                "day",
                20_000 + cell / 100,
                "street_" + cell % 100,
                "",
                "",
                "",
                version * 100 + cell,
                version,
                System.currentTimeMillis(),
                Long.MIN_VALUE);
    }
}
