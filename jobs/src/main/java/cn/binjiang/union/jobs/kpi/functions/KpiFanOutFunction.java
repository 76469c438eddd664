package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.fanout.KpiFanOut;
import cn.binjiang.union.jobs.kpi.records.CountChange;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each change to what is counted into contributions to every KPI cell (catalog, grains, roll-ups): the payload
 * taken back with its contributions negated, the payload counted with its own.
 */
public final class KpiFanOutFunction extends RichFlatMapFunction<CountChange, KpiContribution> {
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
    public void flatMap(CountChange change, Collector<KpiContribution> out) {
        if (change.takenBack() != null) {
            for (KpiContribution c : contributionsOf(change.eventId(), change.takenBack())) out.collect(c.negated());
        }
        if (change.counted() != null) {
            for (KpiContribution c : contributionsOf(change.eventId(), change.counted())) out.collect(c);
        }
    }

    private Iterable<KpiContribution> contributionsOf(String eventId, byte[] payload) {
        try {
            return fanOut.contributions(codec.decodeAny(payload).event());
        } catch (EventDecodeException e) {
            throw new IllegalStateException("the intake re-encoded " + eventId + " itself, so it must decode", e);
        }
    }
}
