package cn.binjiang.union.jobs.kpi;

import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import cn.binjiang.union.jobs.kpi.fanout.KpiFanOut;
import cn.binjiang.union.jobs.kpi.functions.BundlePolicy;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate;
import cn.binjiang.union.jobs.kpi.functions.IntakeWatermarks;
import cn.binjiang.union.jobs.kpi.functions.KpiFanOutFunction;
import cn.binjiang.union.jobs.kpi.functions.NewestRevision;
import cn.binjiang.union.jobs.kpi.functions.NoEventTime;
import cn.binjiang.union.jobs.kpi.functions.PreAggregateOperator;
import cn.binjiang.union.jobs.kpi.functions.SplitIntake;
import cn.binjiang.union.jobs.kpi.functions.TooLateFilter;
import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.CountChange;
import cn.binjiang.union.jobs.kpi.records.DuplicateEvent;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.CellAdjustment;
import cn.binjiang.union.schema.topic.DeadLetter;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.clock.SystemClock;

/**
 * The KPI job: the five event streams in, exact KPI cells out.
 *
 * <pre>
 * intake (decode, validate, pseudonymise) -&gt; by event id: reject too late -&gt; newest revision
 *   -&gt; raw event tables (every revision, late ones included)
 *   dropped copies -&gt; duplicate_events
 *   -&gt; KPI fan-out (catalog x grains x roll-ups) -&gt; pre-aggregate -&gt; aggregate per cell
 *        -&gt; kpi_values, kpi-updates
 *   kpi rebuild's adjustments (kpi-rebuilds) -&gt; aggregate per cell
 *   rejected records -&gt; rejected_events, dead-letter topic
 * </pre>
 *
 * It receives its sources and sinks so tests can plug in their own; {@link KpiJobMain} plugs in
 * Kafka and ClickHouse.
 */
public final class KpiJob {
    /** The uid of the operator keeping each KPI cell's total: where a rebuild reads a savepoint's cells. */
    public static final String AGGREGATE_CELLS = "aggregate-cells";
    /** The uid of the source of the events: where a rebuild reads the savepoint's cut of the event topics. */
    public static final String INTAKE = "intake";
    /** The uid of the source of kpi rebuild's adjustments: a rebuild reads how far the savepoint applied them. */
    public static final String REBUILD_ADJUSTMENTS = "rebuild-adjustments";
    /**
     * How often the sources' watermarks are compared for alignment; a paused split shown active for four of these is
     * resumed if it may be ({@link IntakeWatermarks}).
     */
    private static final Duration ALIGNMENT_UPDATES = Duration.ofMillis(250);

    /** Where the job's input comes from: the five event topics, and the adjustments of {@code kpi rebuild}. */
    public record Sources(Source<Intake, ?, ?> intake, Source<CellAdjustment, ?, ?> adjustments) {}

    /** Where the job's results go. {@code rawEvents} maps a stream name to the sink of its raw table. */
    public record Sinks(
            Sink<KpiValue> kpiValues,
            Sink<KpiValue> kpiUpdates,
            Sink<DeadLetter> rejectedEvents,
            Sink<DeadLetter> deadLetterTopic,
            Sink<DuplicateEvent> duplicateEvents,
            Map<String, Sink<AcceptedEvent>> rawEvents) {}

    private final Sources sources;
    private final Sinks sinks;
    private final Configuration config;

    public KpiJob(Sources sources, Sinks sinks, Configuration config) {
        this.sources = sources;
        this.sinks = sinks;
        this.config = config;
    }

    /** Adds the job's pipeline to {@code env}; the caller executes it. */
    public void buildOn(StreamExecutionEnvironment env) {
        // Every record type is immutable and no function keeps an input it may not: handing records
        // down a chain without a defensive copy is safe, and the copies showed in the job's profile.
        env.getConfig().enableObjectReuse();
        long lateHorizonMs = config.get(KpiJobOptions.LATE_HORIZON).toMillis();

        long outOfOrdernessMs = config.get(KpiJobOptions.OUT_OF_ORDERNESS).toMillis();
        long idleAfterMs = config.get(KpiJobOptions.SOURCE_IDLENESS).toMillis();
        // Alignment keeps the partitions of a backlog in step: without it one partition can be read
        // far behind the others, and its in-order events would look too late against their watermark.
        WatermarkStrategy<Intake> eventTime = WatermarkStrategy.<Intake>forGenerator(context -> new IntakeWatermarks(
                        outOfOrdernessMs,
                        idleAfterMs,
                        ALIGNMENT_UPDATES.multipliedBy(4).toMillis(),
                        context.getInputActivityClock(),
                        SystemClock.getInstance()))
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.isAccepted() ? record.accepted().occurredAt() : kafkaTimestamp)
                .withWatermarkAlignment("intake", config.get(KpiJobOptions.WATERMARK_MAX_DRIFT), ALIGNMENT_UPDATES);

        SingleOutputStreamOperator<AcceptedEvent> accepted = env.fromSource(sources.intake(), eventTime, INTAKE)
                .uid(INTAKE)
                .process(new SplitIntake())
                .name("split-intake")
                .uid("split-intake");

        // the late rule sits behind the shuffle by event id, on the job-wide watermark that also
        // expires the deduplication it is chained to (TooLateFilter says why)
        SingleOutputStreamOperator<AcceptedEvent> timely = accepted.keyBy(AcceptedEvent::eventId)
                .transform("reject-too-late", TypeInformation.of(AcceptedEvent.class), new TooLateFilter(lateHorizonMs))
                .uid("reject-too-late");

        DataStream<DeadLetter> deadLetters =
                accepted.getSideOutput(SplitIntake.REJECTED).union(timely.getSideOutput(TooLateFilter.DEAD_LETTERS));
        deadLetters.sinkTo(sinks.rejectedEvents()).name("rejected-events-table").uid("rejected-events-table");
        deadLetters.sinkTo(sinks.deadLetterTopic()).name("dead-letter-topic").uid("dead-letter-topic");

        SingleOutputStreamOperator<CountChange> changes = DataStreamUtils.reinterpretAsKeyedStream(
                        timely, AcceptedEvent::eventId)
                .process(new NewestRevision(lateHorizonMs))
                .name("deduplicate")
                .uid("deduplicate");
        changes.getSideOutput(NewestRevision.DUPLICATES)
                .sinkTo(sinks.duplicateEvents())
                .name("duplicate-events-table")
                .uid("duplicate-events-table");

        // every revision first seen, the ones too late to count included: the raw tables are the audit trail
        DataStream<AcceptedEvent> stored = changes.getSideOutput(NewestRevision.STORED);
        sinks.rawEvents()
                .forEach((stream, sink) -> stored.filter(e -> e.stream().equals(stream))
                        .name(stream + "-events")
                        .uid(stream + "-events")
                        .sinkTo(sink)
                        .name(stream + "-events-table")
                        .uid(stream + "-events-table"));

        DataStream<CellAdjustment> adjustments = env.fromSource(
                        sources.adjustments(),
                        WatermarkStrategy.forGenerator(context -> new NoEventTime<>()),
                        REBUILD_ADJUSTMENTS)
                .uid(REBUILD_ADJUSTMENTS);

        SingleOutputStreamOperator<KpiValue> cells = changes.flatMap(
                        new KpiFanOutFunction(new KpiFanOut(KpiJobConfig.catalog(config))))
                .name("kpi-fan-out")
                .uid("kpi-fan-out")
                .transform(
                        "pre-aggregate",
                        TypeInformation.of(KpiContribution.class),
                        new PreAggregateOperator(bundlePolicy()))
                .uid("pre-aggregate")
                .keyBy(KpiContribution::cellKey)
                .connect(adjustments.keyBy(adjustment -> adjustment.cell().key()))
                .process(new CellAggregate(
                        lateHorizonMs, config.get(KpiJobOptions.CELL_GRACE).toMillis()))
                .name(AGGREGATE_CELLS)
                .uid(AGGREGATE_CELLS);

        cells.sinkTo(sinks.kpiValues()).name("kpi-values-table").uid("kpi-values-table");
        cells.union(cells.getSideOutput(CellAggregate.WRITTEN_BY_REBUILD))
                .sinkTo(sinks.kpiUpdates())
                .name("kpi-updates-topic")
                .uid("kpi-updates-topic");
    }

    private BundlePolicy bundlePolicy() {
        return new BundlePolicy(
                config.get(KpiJobOptions.PRE_AGGREGATION_CELLS),
                config.get(KpiJobOptions.PRE_AGGREGATION_DELAY).toMillis(),
                config.get(KpiJobOptions.PRE_AGGREGATION_BACKLOG_AGE).toMillis(),
                config.get(KpiJobOptions.PRE_AGGREGATION_BACKLOG_DELAY).toMillis());
    }
}
