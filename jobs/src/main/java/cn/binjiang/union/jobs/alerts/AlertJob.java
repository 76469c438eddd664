package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.TargetLookup;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;

/**
 * The alert job: KPI updates, the event topics' traffic, a clock and the targets in force in, alert transitions out.
 *
 * <pre>
 * kpi-updates ------------------------------&gt; route to KPI rules ----\
 * event topics + dead-letter -&gt; count per topic per second -&gt; route --+-&gt; per rule: judge, lifecycle
 * clock (1 tick/s) -------------------------&gt; to every rule ---------+        -&gt; alerts table, alerts topic, notifier
 *        \-----&gt; every targets-refresh: targets in force -&gt; pace rules --/
 * </pre>
 *
 * Sources and sinks are given, so tests plug in their own; {@link AlertJobMain} plugs in Kafka and ClickHouse.
 */
public final class AlertJob {
    /**
     * @param ticks the clock: one tick a second
     * @param targets the pace rules' targets, read again every {@code targetsRefresh}
     */
    public record Sources(
            Source<KpiValue, ?, ?> kpiUpdates,
            Source<String, ?, ?> topicRecords,
            Source<Long, ?, ?> ticks,
            TargetLookup targets,
            Duration targetsRefresh) {}

    /** {@code notifications} receives the transitions to notify (see {@link Notifications}). */
    public record Sinks(
            Sink<AlertTransition> alertsTable, Sink<AlertTransition> alertsTopic, Notifications notifications) {}

    private final List<AlertRule> rules;
    private final Sources sources;
    private final Sinks sinks;

    public AlertJob(List<AlertRule> rules, Sources sources, Sinks sinks) {
        this.rules = List.copyOf(rules);
        this.sources = sources;
        this.sinks = sinks;
    }

    public void buildOn(StreamExecutionEnvironment env) {
        DataStream<AlertInput> kpis = env.fromSource(
                        sources.kpiUpdates(), WatermarkStrategy.noWatermarks(), "kpi-updates")
                .uid("kpi-updates")
                .flatMap(new RouteToRules.Kpis(rules))
                .name("route-kpi-updates")
                .uid("route-kpi-updates");

        DataStream<AlertInput> records = env.fromSource(
                        sources.topicRecords(), WatermarkStrategy.noWatermarks(), "topic-records")
                .uid("topic-records")
                .map(topic -> new TopicCount(topic, 1, System.currentTimeMillis()))
                .name("one-record")
                .uid("one-record")
                .keyBy(TopicCount::topic)
                .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(1)))
                .reduce(TopicCount::plus)
                .name("records-per-second")
                .uid("records-per-second")
                .flatMap(new RouteToRules.Records(rules))
                .name("route-record-counts")
                .uid("route-record-counts");

        DataStream<Long> clock = env.fromSource(sources.ticks(), WatermarkStrategy.noWatermarks(), "clock")
                .uid("clock")
                .setParallelism(1);
        DataStream<AlertInput> ticks = clock.flatMap(new RouteToRules.Ticks(rules))
                .name("tick-every-rule")
                .uid("tick-every-rule")
                .setParallelism(1);
        DataStream<AlertInput> targets = clock.flatMap(new TargetRefresh(
                        rules, sources.targets(), sources.targetsRefresh().toSeconds()))
                .name("refresh-targets")
                .uid("refresh-targets")
                .setParallelism(1);

        DataStream<AlertTransition> transitions = kpis.union(records, ticks, targets)
                .keyBy(AlertInput::ruleId)
                .process(new AlertFunction(rules))
                .name("alert-lifecycle")
                .uid("alert-lifecycle");

        transitions.sinkTo(sinks.alertsTable()).name("alerts-table").uid("alerts-table");
        transitions.sinkTo(sinks.alertsTopic()).name("alerts-topic").uid("alerts-topic");
        sinks.notifications()
                .attach(transitions
                        .filter(AlertTransition::notifies)
                        .name("to-notify")
                        .uid("to-notify"));
    }
}
