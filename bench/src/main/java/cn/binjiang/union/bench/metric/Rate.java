package cn.binjiang.union.bench.metric;

/** How many events in how long. */
public record Rate(long events, double seconds) {
    public static Rate of(long events, long nanos) {
        return new Rate(events, nanos / 1e9);
    }

    public double perSecond() {
        return events / seconds;
    }
}
