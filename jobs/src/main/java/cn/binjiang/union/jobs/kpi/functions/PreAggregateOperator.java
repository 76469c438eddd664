package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.CellKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums contributions to the same KPI cell before the shuffle, so one busy cell (the district's
 * year total, say) costs one keyed update per bundle instead of one per event.
 *
 * <p>The bundle lives only in memory: it is emitted before every checkpoint barrier (so no state
 * is needed for exactly-once), when it holds {@link BundlePolicy#maxCells()} cells, and at the
 * latest when its most urgent contribution has waited as long as the {@link BundlePolicy} allows
 * (so the cockpit stays live when traffic stops). A watermark that arrives while a bundle is open
 * is held back and sent right after the bundle, so a cell's clean-up timer downstream can never
 * fire ahead of a contribution still held here. Holding it rather than emitting the bundle early
 * leaves the bundle's length to the policy alone, whatever the watermark interval.
 */
public final class PreAggregateOperator extends AbstractStreamOperator<KpiContribution>
        implements OneInputStreamOperator<KpiContribution, KpiContribution>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private final BundlePolicy policy;
    private transient Map<CellKey.Cell, KpiContribution> bundle;
    /** When the open bundle must leave; {@code Long.MAX_VALUE} when no flush is due. */
    private transient long flushAt;

    private transient Watermark heldWatermark;

    public PreAggregateOperator(BundlePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new HashMap<>();
        flushAt = Long.MAX_VALUE;
    }

    @Override
    public void processElement(StreamRecord<KpiContribution> element) throws Exception {
        KpiContribution c = element.getValue();
        bundle.merge(c.cell(), c, KpiContribution::plus);
        if (bundle.size() >= policy.maxCells()) {
            emitBundle();
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        long eventTime = element.hasTimestamp() ? element.getTimestamp() : now;
        long due = now + policy.delayFor(eventTime, now);
        if (due < flushAt) {
            // A timer already registered for a later time stays: when it fires it only emits a younger
            // bundle early, never one late.
            flushAt = due;
            getProcessingTimeService().registerTimer(due, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        emitBundle();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (bundle.isEmpty()) {
            super.processWatermark(mark);
        } else {
            heldWatermark = mark;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emitBundle();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        emitBundle();
        super.finish();
    }

    private void emitBundle() throws Exception {
        flushAt = Long.MAX_VALUE;
        if (bundle.isEmpty()) return;
        StreamRecord<KpiContribution> reuse = new StreamRecord<>(null);
        for (KpiContribution c : bundle.values()) {
            output.collect(reuse.replace(c));
        }
        bundle.clear();
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }
}
