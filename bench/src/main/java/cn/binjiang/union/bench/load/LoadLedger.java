package cn.binjiang.union.bench.load;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * One load-test client's inserts: which the store acknowledged (answered 200) and which failed. The
 * client alone writes it while it runs; the verification reads it after the client has ended.
 */
final class LoadLedger {
    private final int client;
    private int next;
    private int[] acknowledged = new int[64];
    private int acknowledgedCount;
    private final BitSet failed = new BitSet();

    LoadLedger(int client) {
        this.client = client;
    }

    int client() {
        return client;
    }

    /** The number of this client's next insert: never one it has sent before, whatever that one's answer. */
    int nextBatch() {
        return next++;
    }

    void acknowledged(int batch) {
        if (acknowledgedCount == acknowledged.length) acknowledged = Arrays.copyOf(acknowledged, acknowledgedCount * 2);
        acknowledged[acknowledgedCount++] = batch;
    }

    void failed(int batch) {
        failed.set(batch);
    }

    boolean isEmpty() {
        return acknowledgedCount == 0;
    }

    /** A row of an acknowledged insert, any alike: the store must hold it. */
    long anyAcknowledgedId(SplittableRandom random) {
        return LoadRows.id(
                client, acknowledged[random.nextInt(acknowledgedCount)], random.nextInt(LoadRows.BATCH_ROWS));
    }

    /** Inserts sent, whatever their answer. */
    int sent() {
        return next;
    }

    int acknowledgedCount() {
        return acknowledgedCount;
    }

    boolean isAcknowledged(int batch) {
        // Acknowledged numbers ascend: the client sends one insert at a time and numbers them as it goes.
        return Arrays.binarySearch(acknowledged, 0, acknowledgedCount, batch) >= 0;
    }

    boolean isFailed(int batch) {
        return failed.get(batch);
    }

    /** Acknowledged insert numbers, ascending. */
    int[] acknowledgedBatches() {
        return Arrays.copyOf(acknowledged, acknowledgedCount);
    }
}
