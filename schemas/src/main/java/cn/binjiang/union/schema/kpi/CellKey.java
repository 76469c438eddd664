package cn.binjiang.union.schema.kpi;

/**
 * The one spelling of a KPI cell's identity, shared by the KPI job's keyed aggregation and the kpi-updates topic's
 * record key.
 */
public final class CellKey {
    private static final char SEPARATOR = '|';

    private CellKey() {}

    /** A KPI cell's identity as a value: the key of the job's pre-aggregation bundle, a key read back. */
    public record Cell(
            String kpiId,
            String grain,
            int bucket,
            String street,
            String industry,
            String employmentForm,
            String category) {

        /** As one string ({@link CellKey#of}). */
        public String key() {
            return of(kpiId, grain, bucket, street, industry, employmentForm, category);
        }
    }

    /**
     * The coordinates of a key {@link #of} spelled: a KPI's state read back from a savepoint holds only its key.
     *
     * @throws IllegalArgumentException if {@code key} is not a cell key
     */
    public static Cell parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 7) {
            throw new IllegalArgumentException("not a KPI cell key: " + key);
        }
        try {
            return new Cell(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3], parts[4], parts[5], parts[6]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a KPI cell key (its bucket is no epoch day): " + key, e);
        }
    }

    public static String of(
            String kpiId,
            String grain,
            int bucket,
            String street,
            String industry,
            String employmentForm,
            String category) {
        return kpiId
                + SEPARATOR
                + grain
                + SEPARATOR
                + bucket
                + SEPARATOR
                + street
                + SEPARATOR
                + industry
                + SEPARATOR
                + employmentForm
                + SEPARATOR
                + category;
    }
}
