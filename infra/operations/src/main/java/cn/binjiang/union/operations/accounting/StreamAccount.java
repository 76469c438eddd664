package cn.binjiang.union.operations.accounting;

/**
 * What became of one stream's records: those its consumer group consumed against those
 * ClickHouse holds (migration V011 states the identity).
 *
 * @param consumed records consumed from the stream's topic (committed minus earliest offset, over
 *     its partitions)
 * @param accepted events stored ({@code <stream>_events FINAL})
 * @param duplicates copies of events already counted ({@code duplicate_events FINAL})
 * @param rejected dead letters ({@code rejected_events FINAL})
 */
public record StreamAccount(String stream, long consumed, long accepted, long duplicates, long rejected) {

    /** Records ClickHouse has an account of. */
    public long accounted() {
        return accepted + duplicates + rejected;
    }

    /** Whether every record consumed is in ClickHouse, and nothing more. */
    public boolean balanced() {
        return accounted() == consumed;
    }
}
