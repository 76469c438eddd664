package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.CellAdjustment;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CellAggregateTest {
    private static final long HORIZON = 3_600_000;
    private static final long GRACE = 900_000;
    private static final int MARCH_1 = (int) LocalDate.of(2022, 3, 1).toEpochDay();
    private static final long APRIL_1_SHANGHAI = LocalDate.of(2022, 4, 1)
            .atStartOfDay(ZoneId.of("Asia/Shanghai"))
            .toInstant()
            .toEpochMilli();
    private KeyedTwoInputStreamOperatorTestHarness<String, KpiContribution, CellAdjustment, KpiValue> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new CellAggregate(HORIZON, GRACE)),
                KpiContribution::cellKey,
                a -> a.cell().key(),
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void emitsTheRunningTotalWithTheEventCountAsVersion() throws Exception {
        harness.processElement1(month("members_net", 300, 3), 0);
        harness.processElement1(month("members_net", -100, 1), 0);
        harness.processElement1(month("members_net", 500, 5), 0);

        List<KpiValue> out = harness.extractOutputValues();
        assertThat(out).extracting(KpiValue::value).containsExactly(300L, 200L, 700L);
        assertThat(out).extracting(KpiValue::version).containsExactly(3L, 4L, 9L);
        assertThat(out).allSatisfy(v -> assertThat(v.bucket()).isEqualTo(MARCH_1));
    }

    @Test
    void cellsAreIndependent() throws Exception {
        harness.processElement1(month("members_joined", 100, 1), 0);
        harness.processElement1(month("members_left", 100, 1), 0);

        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::kpiId, KpiValue::value, KpiValue::version)
                .containsExactly(tuple("members_joined", 100L, 1L), tuple("members_left", 100L, 1L));
    }

    @Test
    void anAdjustmentAddsToTheTotalAndTheNextEventsAddToTheAdjustedOne() throws Exception {
        harness.processElement1(month("members_joined", 300, 3), 0);
        harness.processElement2(adjustment("members_joined", 500, 6, 3), 0);
        harness.processElement1(month("members_joined", 100, 1), 0);

        assertThat(rebuildWrote())
                .as("the cell still held what the rebuild counted against: the rebuild's INSERT has its row")
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(800L, 9L));
        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(300L, 3L), tuple(900L, 10L));
    }

    @Test
    void aCellThatChangedSinceTheRebuildsCutGetsItsRowFromTheJob() throws Exception {
        harness.processElement1(month("members_joined", 300, 3), 0);
        harness.processElement1(month("members_joined", 100, 1), 0);
        harness.processElement2(adjustment("members_joined", 500, 6, 3), 0);

        assertThat(rebuildWrote()).isEmpty();
        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(300L, 3L), tuple(400L, 4L), tuple(900L, 10L));
    }

    @Test
    void anAdjustmentReadBeforeTheEventsBeforeTheCutEndsOnTheSameTotal() throws Exception {
        // after a restore from a checkpoint older than the rebuild's savepoint, the adjustment (its own topic) can be
        // read before the replay has counted the cell up to the cut again
        harness.processElement2(adjustment("members_joined", 500, 6, 3), 0);
        harness.processElement1(month("members_joined", 300, 3), 0);

        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(500L, 6L), tuple(800L, 9L));
    }

    @Test
    void aClosedCellIsKeptForTheGraceOnTheClockThenDropped() throws Exception {
        harness.processElement1(month("members_joined", 100, 1), 0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processBothWatermarks(new Watermark(APRIL_1_SHANGHAI + HORIZON - 1));
        assertThat(harness.numProcessingTimeTimers()).isZero();
        harness.setProcessingTime(1_000);
        harness.processBothWatermarks(new Watermark(APRIL_1_SHANGHAI + HORIZON));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        // a rebuild still adjusts it within the grace
        harness.setProcessingTime(1_000 + GRACE - 1);
        harness.processElement2(adjustment("members_joined", 200, 1, 1), 0);
        assertThat(rebuildWrote()).extracting(KpiValue::value).containsExactly(300L);

        harness.setProcessingTime(1_000 + GRACE);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void periodEndsFollowTheShanghaiCalendar() {
        int dec31 = (int) LocalDate.of(2022, 12, 31).toEpochDay();
        long newYearShanghai = LocalDate.of(2023, 1, 1)
                .atStartOfDay(ZoneId.of("Asia/Shanghai"))
                .toInstant()
                .toEpochMilli();

        assertThat(CellAggregate.periodEnd("day", dec31)).isEqualTo(newYearShanghai);
        assertThat(CellAggregate.periodEnd(
                        "month", (int) LocalDate.of(2022, 12, 1).toEpochDay()))
                .isEqualTo(newYearShanghai);
        assertThat(CellAggregate.periodEnd(
                        "year", (int) LocalDate.of(2022, 1, 1).toEpochDay()))
                .isEqualTo(newYearShanghai);
    }

    private List<KpiValue> rebuildWrote() {
        return harness.getSideOutput(CellAggregate.WRITTEN_BY_REBUILD) == null
                ? List.of()
                : harness.getSideOutput(CellAggregate.WRITTEN_BY_REBUILD).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    private static KpiContribution month(String kpi, long delta, long events) {
        return new KpiContribution(kpi, "month", MARCH_1, "xixing", "", "", "", delta, events);
    }

    private static CellAdjustment adjustment(String kpi, long valueDelta, long versionDelta, long basis) {
        return new CellAdjustment(
                "test", new CellKey.Cell(kpi, "month", MARCH_1, "xixing", "", "", ""), valueDelta, versionDelta, basis);
    }
}
