package cn.binjiang.union.bench.micro;

import java.util.List;

/**
 * Hands out a pool's items in turn, one per benchmark invocation: a benchmark that fed the same
 * event every time would measure the branch predictor's and the JIT's best case.
 */
final class Rotation<T> {
    private final List<T> items;
    private final int mask;
    private int next;

    /** @throws IllegalArgumentException unless the pool's size is a power of two (a mask is cheaper than a modulo) */
    Rotation(List<T> items) {
        if (Integer.bitCount(items.size()) != 1) {
            throw new IllegalArgumentException("pool of " + items.size() + " items: not a power of two");
        }
        this.items = List.copyOf(items);
        this.mask = items.size() - 1;
    }

    T next() {
        T item = items.get(next);
        next = (next + 1) & mask;
        return item;
    }
}
