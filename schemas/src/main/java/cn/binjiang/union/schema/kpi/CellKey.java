package cn.binjiang.union.schema.kpi;

/**
 * The one spelling of a KPI cell's identity, shared by the KPI job's keyed aggregation and the kpi-updates topic's
 * record key.
 */
public final class CellKey {
    private CellKey() {}

    public static String of(
            String kpiId,
            String grain,
            int bucket,
            String street,
            String industry,
            String employmentForm,
            String category) {
        return kpiId
                + '|'
                + grain
                + '|'
                + bucket
                + '|'
                + street
                + '|'
                + industry
                + '|'
                + employmentForm
                + '|'
                + category;
    }
}
