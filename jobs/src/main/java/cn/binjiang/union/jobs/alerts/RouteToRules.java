package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends each input to the rules it concerns: KPI updates by series, record counts by topic, ticks to all. */
final class RouteToRules {
    private RouteToRules() {}

    static final class Kpis implements FlatMapFunction<KpiValue, AlertInput> {
        private static final long serialVersionUID = 1L;
        private final List<AlertRule> rules;

        Kpis(List<AlertRule> rules) {
            this.rules = rules.stream().filter(AlertRule::watchesKpis).toList();
        }

        @Override
        public void flatMap(KpiValue u, Collector<AlertInput> out) {
            for (AlertRule r : rules) if (r.slice().matches(u)) out.collect(AlertInput.kpi(r.id(), u));
        }
    }

    /**
     * A count of records on a topic in one second: to the silence rules of that stream and every dead-letter-rate rule.
     */
    static final class Records implements FlatMapFunction<TopicCount, AlertInput> {
        private static final long serialVersionUID = 1L;
        private final List<AlertRule> rules;

        Records(List<AlertRule> rules) {
            this.rules = rules.stream().filter(r -> !r.watchesKpis()).toList();
        }

        @Override
        public void flatMap(TopicCount c, Collector<AlertInput> out) {
            ReadsCountsOf topic = new ReadsCountsOf(c.topic());
            for (AlertRule r : rules) {
                if (r.condition().match(topic)) out.collect(AlertInput.records(r.id(), c.topic(), c.count(), c.at()));
            }
        }
    }

    /**
     * Whether a condition reads a topic's record counts: a silence rule its stream's, a dead-letter rate rule every
     * topic's.
     */
    private record ReadsCountsOf(String topic) implements Condition.Cases<Boolean> {
        @Override
        public Boolean threshold(Condition.Threshold t) {
            return false;
        }

        @Override
        public Boolean pace(Condition.Pace p) {
            return false;
        }

        @Override
        public Boolean baseline(Condition.Baseline b) {
            return false;
        }

        @Override
        public Boolean silence(Condition.Silence s) {
            return s.stream().equals(topic);
        }

        @Override
        public Boolean deadLetterRate(Condition.DeadLetterRate d) {
            return true;
        }
    }

    static final class Ticks implements FlatMapFunction<Long, AlertInput> {
        private static final long serialVersionUID = 1L;
        private final List<String> ruleIds;

        Ticks(List<AlertRule> rules) {
            this.ruleIds = rules.stream().map(AlertRule::id).toList();
        }

        @Override
        public void flatMap(Long ignored, Collector<AlertInput> out) {
            long now = System.currentTimeMillis();
            for (String id : ruleIds) out.collect(AlertInput.tick(id, now));
        }
    }
}
