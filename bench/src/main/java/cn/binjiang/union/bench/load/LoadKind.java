package cn.binjiang.union.bench.load;

import java.util.SplittableRandom;

/** What a load-test client asks the store for; each kind is timed on its own. */
enum LoadKind {
    /** {@link LoadRows#BATCH_ROWS} rows in one RowBinary INSERT, as a writer that batches sends them. */
    INSERT("insert"),
    /** One row by its id, the table's ORDER BY key: what a detail view or a lookup asks. */
    POINT_QUERY("point_query"),
    /** A GROUP BY over the whole table, as a dashboard panel reads it. */
    AGGREGATION("aggregation");

    private static final LoadKind[] ALL = values();

    private final String label;

    LoadKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * An even mix: each request is any kind alike, so every kind is asked about as often, whatever it costs
     * (the clients wait for each answer, so the slow kinds take the larger share of the server's time).
     */
    static LoadKind pick(SplittableRandom random) {
        return ALL[random.nextInt(ALL.length)];
    }
}
