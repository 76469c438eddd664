package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.Topic;

/**
 * What reaches one rule: a KPI update of its series, a count of records on a topic in one second, or
 * the clock ticking (once a second), which judges conditions that change with time alone (pending
 * time, silence, a rate window) and needs no timer per rule.
 *
 * @param topic for {@link Kind#RECORDS}: an event stream's name, or {@link #DEAD_LETTER}
 * @param at processing time (epoch ms) of a count or tick
 */
public record AlertInput(String ruleId, Kind kind, KpiValue update, String topic, long count, long at) {
    public static final String DEAD_LETTER = Topic.DEAD_LETTER.topicName();

    public enum Kind {
        KPI,
        RECORDS,
        TICK
    }

    public static AlertInput kpi(String ruleId, KpiValue u) {
        return new AlertInput(ruleId, Kind.KPI, u, null, 0, 0);
    }

    public static AlertInput records(String ruleId, String topic, long count, long at) {
        return new AlertInput(ruleId, Kind.RECORDS, null, topic, count, at);
    }

    public static AlertInput tick(String ruleId, long at) {
        return new AlertInput(ruleId, Kind.TICK, null, null, 0, at);
    }
}
