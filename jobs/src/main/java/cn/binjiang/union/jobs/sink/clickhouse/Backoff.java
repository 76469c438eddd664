package cn.binjiang.union.jobs.sink.clickhouse;

import java.time.Duration;

/** Bounded exponential back-off for one failing batch: min, 2·min, 4·min, ... capped at max. */
final class Backoff {
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration min, Duration max) {
        this.nextMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait before the next attempt; each call doubles the one after, up to the cap. */
    long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }
}
