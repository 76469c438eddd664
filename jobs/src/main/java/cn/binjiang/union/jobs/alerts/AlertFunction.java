package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by rule id: folds each input into the rule's memory, judges the condition and steps the alert's
 * lifecycle, emitting a transition when the state changes. Everything lives in keyed state, so a
 * restored job continues each alert where the checkpoint left it (a resolved alert stays resolved).
 */
public final class AlertFunction extends KeyedProcessFunction<String, AlertInput, AlertTransition> {
    private static final long serialVersionUID = 1L;

    private final List<AlertRule> rules;
    private transient Map<String, AlertRule> byId;
    private transient ValueState<RuleMemory> memory;

    public AlertFunction(List<AlertRule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        byId = rules.stream().collect(Collectors.toMap(AlertRule::id, Function.identity()));
        memory = getRuntimeContext().getState(new ValueStateDescriptor<>("rule-memory", RuleMemory.class));
    }

    @Override
    public void processElement(AlertInput in, Context ctx, Collector<AlertTransition> out) throws Exception {
        AlertRule rule = byId.get(in.ruleId());
        if (rule == null) return;
        RuleMemory m = memory.value();
        if (m == null) m = new RuleMemory();
        RuleJudge.fold(rule, m, in);
        if (m.judged != 0) {
            long now = in.kind() == AlertInput.Kind.KPI ? ctx.timerService().currentProcessingTime() : in.at();
            AlertLifecycle.Step step = AlertLifecycle.observe(rule, m.lifecycle, m.judged == 1, now, m.message);
            m.lifecycle = step.state();
            step.transition().ifPresent(out::collect);
        }
        memory.update(m);
    }
}
