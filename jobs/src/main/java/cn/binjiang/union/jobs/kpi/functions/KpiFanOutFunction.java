package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.fanout.KpiFanOut;
import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Turns each accepted event into its contributions to every KPI cell it counts in (catalog, grains, roll-ups). */
public final class KpiFanOutFunction extends RichFlatMapFunction<AcceptedEvent, KpiContribution> {
    private static final long serialVersionUID = 1L;

    private final KpiFanOut fanOut;
    private transient EventCodec codec;

    /** @param fanOut built on the client from the job's catalog, shipped in the function */
    public KpiFanOutFunction(KpiFanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = EventCodec.fromClasspath();
    }

    @Override
    public void flatMap(AcceptedEvent event, Collector<KpiContribution> out) {
        try {
            for (KpiContribution c :
                    fanOut.contributions(codec.decodeAny(event.payload()).event())) {
                out.collect(c);
            }
        } catch (EventDecodeException e) {
            throw new IllegalStateException(
                    "the intake re-encoded " + event.eventId() + " itself, so it must decode", e);
        }
    }
}
