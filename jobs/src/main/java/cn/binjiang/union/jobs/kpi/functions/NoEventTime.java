package cn.binjiang.union.jobs.kpi.functions;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermarks of an input that has no event time (kpi rebuild's adjustments): none, and the input marked idle, so
 * that the operator it joins keeps the event time of its other input. An input that merely emitted no watermark would
 * hold that operator's event time at its minimum for good.
 */
public final class NoEventTime<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
