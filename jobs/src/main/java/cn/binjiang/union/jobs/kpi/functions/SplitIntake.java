package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.Intake;
import cn.binjiang.union.schema.topic.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Accepted events go on; records the intake rejected go to the {@link #REJECTED} side output and are
 * counted by reason ({@link RejectionCounts}). Counted here rather than in the intake, which runs inside
 * the Kafka source where its metrics sit in a group of their own and would need a name of their own.
 */
public final class SplitIntake extends ProcessFunction<Intake, AcceptedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected") {};

    private transient RejectionCounts rejections;

    @Override
    public void open(OpenContext openContext) {
        rejections = new RejectionCounts(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Intake intake, Context ctx, Collector<AcceptedEvent> out) {
        if (intake.isAccepted()) {
            out.collect(intake.accepted());
        } else {
            rejections.rejected(intake.rejected().reason());
            ctx.output(REJECTED, intake.rejected());
        }
    }
}
