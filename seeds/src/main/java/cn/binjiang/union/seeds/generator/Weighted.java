package cn.binjiang.union.seeds.generator;

import java.util.Random;

/** Picks one of several values with given weights (weights need not sum to 1). */
public final class Weighted {
    private Weighted() {}

    public static <T> T pick(Random random, T[] values, double[] weights) {
        double total = 0;
        for (double w : weights) total += w;
        double r = random.nextDouble() * total;
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) return values[i];
        }
        return values[values.length - 1];
    }
}
