package cn.binjiang.union.bench.metric;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency distribution, in milliseconds. */
public record Latency(long samples, double p50, double p95, double p99, double max) {
    /** Milliseconds recorded in microseconds, three significant digits: enough to tell 1 ms from 1.1 ms. */
    public static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public static Latency of(Histogram micros) {
        return new Latency(
                micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
