package cn.binjiang.union.jobs.kpi.functions;

import java.io.Serializable;

/**
 * How long the pre-aggregation may hold a bundle. Every bundle is one more update of each of its
 * cells downstream (keyed state, {@code kpi_values}, {@code kpi-updates}), so a longer bundle costs
 * less; a shorter one keeps the cockpit live. Live events want the short one. Events that happened
 * long ago (a replay, the catch-up after an outage) have no watcher waiting on the second: their
 * bundles may stay open longer and fold far more events into each cell update.
 *
 * @param maxCells a bundle holding this many cells leaves at once
 * @param liveDelayMs the longest a contribution of a recent event waits
 * @param backlogAgeMs an event that happened longer ago than this (by the processing clock) is backlog
 * @param backlogDelayMs the longest a bundle holding only backlog waits
 */
public record BundlePolicy(int maxCells, long liveDelayMs, long backlogAgeMs, long backlogDelayMs)
        implements Serializable {
    public BundlePolicy {
        if (maxCells < 1 || liveDelayMs < 1 || backlogAgeMs < 0 || backlogDelayMs < liveDelayMs) {
            throw new IllegalArgumentException(
                    "a bundle policy needs maxCells >= 1, liveDelayMs >= 1, backlogAgeMs >= 0 "
                            + "and backlogDelayMs >= liveDelayMs (got " + this + ")");
        }
    }

    /** The longest a contribution of an event that happened at {@code eventTime} may wait, seen at {@code now}. */
    long delayFor(long eventTime, long now) {
        return now - eventTime > backlogAgeMs ? backlogDelayMs : liveDelayMs;
    }
}
