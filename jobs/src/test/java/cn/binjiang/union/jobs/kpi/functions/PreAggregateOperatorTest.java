package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PreAggregateOperatorTest {
    private static final long DAY = 86_400_000L;

    @Test
    void sumsContributionsPerCellAndEmitsThemBeforeTheCheckpointBarrier() throws Exception {
        try (var harness = harness(100, 1_000)) {
            harness.processElement(cell("a", 100), 0);
            harness.processElement(cell("a", 100), 0);
            harness.processElement(cell("b", 250), 0);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.prepareSnapshotPreBarrier(1);

            assertThat(harness.extractOutputValues())
                    .extracting(KpiContribution::street, KpiContribution::delta, KpiContribution::events)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("a", 200L, 2L),
                            org.assertj.core.groups.Tuple.tuple("b", 250L, 1L));
        }
    }

    @Test
    void aFullBundleIsEmittedAtOnce() throws Exception {
        try (var harness = harness(2, 1_000)) {
            harness.processElement(cell("a", 100), 0);
            harness.processElement(cell("b", 100), 0);

            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void aBundleIsEmittedAfterTheLongestDelayWhenTrafficStops() throws Exception {
        try (var harness = harness(100, 200)) {
            harness.setProcessingTime(1_000);
            harness.processElement(cell("a", 100), 0);

            harness.setProcessingTime(1_199);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.setProcessingTime(1_200);
            assertThat(harness.extractOutputValues())
                    .extracting(KpiContribution::delta)
                    .containsExactly(100L);
        }
    }

    @Test
    void aWatermarkArrivingWhileABundleIsOpenWaitsForTheBundleAndFollowsIt() throws Exception {
        try (var harness = harness(100, 1_000)) {
            harness.setProcessingTime(0);
            harness.processElement(cell("a", 100), 0);
            harness.processWatermark(new Watermark(5_000));
            harness.processElement(cell("a", 50), 0);
            harness.processWatermark(new Watermark(6_000));
            assertThat(harness.getOutput()).isEmpty();

            harness.setProcessingTime(1_000);

            assertThat(harness.getOutput()).hasSize(2);
            assertThat(((StreamRecord<?>) harness.getOutput().poll()).getValue())
                    .extracting("delta")
                    .isEqualTo(150L);
            assertThat(harness.getOutput().poll()).isEqualTo(new Watermark(6_000));
        }
    }

    @Test
    void aWatermarkPassesAtOnceWhenNoBundleIsOpen() throws Exception {
        try (var harness = harness(100, 1_000)) {
            harness.processWatermark(new Watermark(5_000));

            assertThat(harness.getOutput()).containsExactly(new Watermark(5_000));
        }
    }

    @Test
    void aBundleOfBacklogWaitsTheBacklogDelayUntilARecentEventJoinsIt() throws Exception {
        long now = 10 * DAY;
        try (var harness = harness(new BundlePolicy(100, 200, 60_000, 5_000))) {
            harness.setProcessingTime(now);
            harness.processElement(cell("a", 100), now - DAY);

            harness.setProcessingTime(now + 4_999);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.setProcessingTime(now + 5_000);
            assertThat(harness.extractOutputValues())
                    .extracting(KpiContribution::delta)
                    .containsExactly(100L);

            harness.processElement(cell("b", 7), now - DAY);
            harness.setProcessingTime(now + 6_000);
            harness.processElement(cell("c", 3), now + 5_990);
            harness.setProcessingTime(now + 6_199);
            assertThat(harness.extractOutputValues()).hasSize(1);
            harness.setProcessingTime(now + 6_200);
            assertThat(harness.extractOutputValues())
                    .extracting(KpiContribution::street)
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    private static OneInputStreamOperatorTestHarness<KpiContribution, KpiContribution> harness(int cells, long delayMs)
            throws Exception {
        return harness(new BundlePolicy(cells, delayMs, Long.MAX_VALUE, delayMs));
    }

    private static OneInputStreamOperatorTestHarness<KpiContribution, KpiContribution> harness(BundlePolicy policy)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new PreAggregateOperator(policy));
        harness.open();
        return harness;
    }

    private static KpiContribution cell(String street, long delta) {
        return new KpiContribution("members_joined", "year", 18993, street, "", "", "", delta, 1);
    }
}
