package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.jobs.alerts.rules.TargetLookup;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pace rules' targets again every {@code everyTicks} ticks of the clock and sends each rule its targets
 * when they changed, so that a target revised mid-year (a new row in {@code targets}, in force from its
 * {@code valid_from}) is judged against without a restart. The first reading after a start goes to every pace rule:
 * a restored rule may remember targets revised while the job was down. Targets that cannot be read leave each rule
 * with the ones it has; the next reading tries again.
 */
final class TargetRefresh extends RichFlatMapFunction<Long, AlertInput> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TargetRefresh.class);

    private final List<PaceRule> rules;
    private final TargetLookup lookup;
    private final long everyTicks;
    private transient Map<String, Map<Integer, Double>> sent;
    private transient long ticks;
    private transient boolean failing;

    /** A pace rule's id and the KPI and street its targets are read for. */
    private record PaceRule(String id, String kpiId, String street) implements Serializable {}

    TargetRefresh(List<AlertRule> rules, TargetLookup lookup, long everyTicks) {
        if (everyTicks < 1) throw new IllegalArgumentException("everyTicks must be at least 1, got " + everyTicks);
        this.rules = rules.stream()
                .filter(r -> r.condition() instanceof Condition.Pace)
                .map(r -> new PaceRule(r.id(), r.slice().kpiId(), r.slice().street()))
                .toList();
        this.lookup = lookup;
        this.everyTicks = everyTicks;
    }

    @Override
    public void open(OpenContext openContext) {
        sent = new HashMap<>();
        ticks = 0;
    }

    @Override
    public void flatMap(Long tick, Collector<AlertInput> out) {
        if (ticks++ % everyTicks != 0) return;
        long now = System.currentTimeMillis();
        for (PaceRule rule : rules) {
            Map<Integer, Double> targets;
            try {
                targets = lookup.targets(rule.kpiId(), rule.street());
            } catch (TargetLookup.Unavailable e) {
                if (!failing) LOG.warn("targets not read; the pace rules keep the ones they have: {}", e.getMessage());
                failing = true;
                return;
            }
            if (!targets.equals(sent.get(rule.id()))) {
                sent.put(rule.id(), targets);
                out.collect(AlertInput.targets(rule.id(), targets, now));
            }
        }
        if (failing) LOG.info("targets read again");
        failing = false;
    }
}
