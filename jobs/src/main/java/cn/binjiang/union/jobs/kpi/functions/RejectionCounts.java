package cn.binjiang.union.jobs.kpi.functions;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Records rejected per reason code, as the metric {@code eventsRejected} in a {@code reason} group: the
 * Prometheus reporter turns the group into a label, so every operator that rejects (the intake's
 * split, the late filter) reports under one name and an operator sums them by reason. A counter is
 * made on a reason's first record: the codes are a short fixed list plus one per field name.
 */
final class RejectionCounts {
    static final String METRIC = "eventsRejected";
    static final String REASON_GROUP = "reason";

    private final MetricGroup operator;
    private final Map<String, Counter> byReason = new HashMap<>();

    RejectionCounts(MetricGroup operator) {
        this.operator = operator;
    }

    void rejected(String reason) {
        byReason.computeIfAbsent(reason, r -> operator.addGroup(REASON_GROUP, r).counter(METRIC))
                .inc();
    }
}
