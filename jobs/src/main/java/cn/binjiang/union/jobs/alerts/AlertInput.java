package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.Topic;
import java.util.Map;

/**
 * What reaches one rule: a KPI update of its series, a count of records on a topic in one second, the
 * clock ticking (once a second), which judges conditions that change with time alone (pending time,
 * silence, a rate window) and needs no timer per rule, or a pace rule's targets as they stand now.
 *
 * @param topic for {@link Kind#RECORDS}: an event stream's name, or {@link #DEAD_LETTER}
 * @param at processing time (epoch ms) of a count, tick or targets reading
 * @param targets for {@link Kind#TARGETS}: the targets in force by year
 */
public record AlertInput(
        String ruleId, Kind kind, KpiValue update, String topic, long count, long at, Map<Integer, Double> targets) {
    public static final String DEAD_LETTER = Topic.DEAD_LETTER.topicName();

    public enum Kind {
        KPI,
        RECORDS,
        TICK,
        TARGETS
    }

    public static AlertInput kpi(String ruleId, KpiValue u) {
        return new AlertInput(ruleId, Kind.KPI, u, null, 0, 0, null);
    }

    public static AlertInput records(String ruleId, String topic, long count, long at) {
        return new AlertInput(ruleId, Kind.RECORDS, null, topic, count, at, null);
    }

    public static AlertInput tick(String ruleId, long at) {
        return new AlertInput(ruleId, Kind.TICK, null, null, 0, at, null);
    }

    public static AlertInput targets(String ruleId, Map<Integer, Double> targets, long at) {
        return new AlertInput(ruleId, Kind.TARGETS, null, null, 0, at, Map.copyOf(targets));
    }
}
