package cn.binjiang.union.bench;

/** How many events in how long. */
public record Rate(long events, double seconds) {
    static Rate of(long events, long nanos) {
        return new Rate(events, nanos / 1e9);
    }

    public double perSecond() {
        return events / seconds;
    }
}
