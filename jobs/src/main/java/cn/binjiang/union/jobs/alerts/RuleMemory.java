package cn.binjiang.union.jobs.alerts;

import java.util.HashMap;
import java.util.Map;

/**
 * What a rule remembers between inputs (one per rule, in keyed state). A plain class with public
 * fields of types Flink serialises itself (a POJO of maps and primitive arrays: no Kryo); each rule
 * type uses its own fields. The maps are small (a rule's last days, a rate window's seconds).
 */
public class RuleMemory {
    /** KPI rules: value (hundredths) and version of each period seen, newest kept (baseline: the last days). */
    public Map<Integer, long[]> periods = new HashMap<>();
    /** Pace: the newest KPI-job watermark seen (the event-time clock). */
    public long clock = Long.MIN_VALUE;
    /** Pace: the targets in force by year as last read while running; null until then (the rule's, read at start). */
    public Map<Integer, Double> targets;
    /** Silence: when a record was last seen on the stream, or the first tick (a grace period at start). */
    public long lastSeen;
    /** Dead-letter rate: records and dead letters per second (epoch second → [records, dead letters]). */
    public Map<Long, long[]> seconds = new HashMap<>();
    /** The last judgement (0 not yet judged, 1 holds, 2 does not) and its message: re-observed on every tick. */
    public int judged;

    public String message = "";

    public AlertLifecycle.State lifecycle = AlertLifecycle.State.INITIAL;
}
