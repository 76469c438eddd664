package cn.binjiang.union.bench.baseline;

import cn.binjiang.union.schema.kpi.Dimension;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import cn.binjiang.union.schema.kpi.LiveSlices;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The peer's KPI logic: one ClickHouse materialized view per KPI of the catalog, over the KPI's raw
 * table, writing the same live slices and grains the job keeps into a SummingMergeTree. This is the
 * catalog written as SQL for the benchmark's comparison only; the platform computes KPIs in the job.
 */
final class PeerViews {
    static final String CELLS = "peer_kpi_cells";

    private PeerViews() {}

    /** The statements that create the cells table and every view, in order. */
    static List<String> create(KpiCatalog catalog) {
        List<String> statements = new ArrayList<>();
        statements.add(
                "CREATE TABLE " + CELLS + " (kpi_id LowCardinality(String), grain LowCardinality(String), bucket Date,"
                        + " street LowCardinality(String), industry LowCardinality(String), employment_form LowCardinality(String),"
                        + " category LowCardinality(String), hundredths Int64, events UInt64)"
                        + " ENGINE = SummingMergeTree ORDER BY (kpi_id, grain, street, industry, employment_form, category, bucket)");
        for (KpiDefinition kpi : catalog.all()) statements.add(view(kpi));
        return statements;
    }

    private static String view(KpiDefinition kpi) {
        return "CREATE MATERIALIZED VIEW peer_kpi_" + kpi.id() + " TO " + CELLS + " AS SELECT '" + kpi.id()
                + "' AS kpi_id,"
                + " g.1 AS grain, g.2 AS bucket, s.1 AS street, s.2 AS industry, s.3 AS employment_form, s.4 AS category,"
                + " " + hundredths(kpi) + " AS hundredths, toUInt64(1) AS events"
                + " FROM " + kpi.stream().name() + "_events AS e"
                + " ARRAY JOIN [('day', toDate(e.occurred_at, 'Asia/Shanghai')), ('month', toStartOfMonth(e.occurred_at, 'Asia/Shanghai')),"
                + " ('year', toStartOfYear(e.occurred_at, 'Asia/Shanghai'))] AS g"
                + " ARRAY JOIN " + slices(kpi) + " AS s"
                + " WHERE " + filter(kpi);
    }

    /** Every live slice as a tuple (street, industry, employment_form, category), '' where it keeps no value. */
    private static String slices(KpiDefinition kpi) {
        List<String> tuples = new ArrayList<>();
        for (boolean[] kept : LiveSlices.of(kpi.dimensions())) {
            String[] columns = {"''", "''", "''", "''"};
            for (int d = 0; d < kept.length; d++) {
                if (!kept[d]) continue;
                Dimension dimension = kpi.dimensions().get(d);
                // qualified: the view's output columns carry the same names, and an alias would capture them
                String raw = "e." + dimension.field().name();
                columns[dimension.column().ordinal()] =
                        "if(" + raw + " = '', '" + dimension.column().absentValue() + "', toString(" + raw + "))";
            }
            tuples.add("(" + String.join(", ", columns) + ")");
        }
        return tuples.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String hundredths(KpiDefinition kpi) {
        String one = kpi.measure()
                .summedField()
                .map(f -> "toInt64(ifNull(" + f + ", 0) * 100)")
                .orElse("toInt64(100)");
        Map<String, Integer> weights = kpi.measure().weights();
        if (weights.isEmpty()) return one;
        String weight = weights.entrySet().stream()
                .map(w -> "event_type = '" + code(w.getKey()) + "', " + w.getValue())
                .collect(Collectors.joining(", ", "multiIf(", ", 1)"));
        return weight + " * " + one;
    }

    private static String filter(KpiDefinition kpi) {
        List<String> conditions = new ArrayList<>();
        conditions.add(kpi.filter().eventTypes().stream()
                .map(t -> "'" + code(t) + "'")
                .collect(Collectors.joining(", ", "event_type IN (", ")")));
        kpi.filter()
                .where()
                .forEach((field, value) -> conditions.add(
                        value == null ? "ifNull(toString(" + field + "), '') = ''" : field + " = " + literal(value)));
        return String.join(" AND ", conditions);
    }

    /** A value as the raw tables hold it: an enum symbol as its lower-case code. */
    private static String literal(Object value) {
        if (value instanceof Enum<?> symbol) return "'" + code(symbol.name()) + "'";
        if (value instanceof Number number) return number.toString();
        return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String code(String symbol) {
        return symbol.toLowerCase(Locale.ROOT);
    }
}
