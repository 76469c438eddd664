package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.DeadLetter;
import cn.binjiang.union.jobs.kpi.records.Intake;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Accepted events go on; records the intake rejected go to the {@link #REJECTED} side output. */
public final class SplitIntake extends ProcessFunction<Intake, AcceptedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected") {};

    @Override
    public void processElement(Intake intake, Context ctx, Collector<AcceptedEvent> out) {
        if (intake.isAccepted()) {
            out.collect(intake.accepted());
        } else {
            ctx.output(REJECTED, intake.rejected());
        }
    }
}
