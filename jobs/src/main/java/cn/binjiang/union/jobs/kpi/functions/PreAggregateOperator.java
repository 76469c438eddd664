package cn.binjiang.union.jobs.kpi.functions;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
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
 * is needed for exactly-once), when it holds {@code maxCells} cells, and at the latest
 * {@code maxDelayMs} after its first contribution (so the cockpit stays live when traffic stops).
 * A watermark that arrives while a bundle is open is held back and sent right after the bundle, so
 * a cell's clean-up timer downstream can never fire ahead of a contribution still held here. Holding
 * it rather than emitting the bundle early leaves the bundle's length to {@code maxDelayMs} alone,
 * whatever the watermark interval: every bundle is one more update of each of its cells downstream.
 */
public final class PreAggregateOperator extends AbstractStreamOperator<KpiContribution>
        implements OneInputStreamOperator<KpiContribution, KpiContribution>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private final int maxCells;
    private final long maxDelayMs;
    private transient Map<String, KpiContribution> bundle;
    private transient boolean flushScheduled;
    private transient Watermark heldWatermark;

    public PreAggregateOperator(int maxCells, long maxDelayMs) {
        if (maxCells < 1 || maxDelayMs < 1) {
            throw new IllegalArgumentException("pre-aggregation needs maxCells >= 1 and maxDelayMs >= 1");
        }
        this.maxCells = maxCells;
        this.maxDelayMs = maxDelayMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<KpiContribution> element) throws Exception {
        KpiContribution c = element.getValue();
        bundle.merge(c.cellKey(), c, KpiContribution::plus);
        if (bundle.size() >= maxCells) {
            emitBundle();
        } else if (!flushScheduled) {
            flushScheduled = true;
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + maxDelayMs, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        flushScheduled = false;
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
