package cn.binjiang.union.jobs.kpi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CellAggregateTest {
    private static final long HORIZON = 3_600_000;
    private static final int MARCH_1 = (int) LocalDate.of(2022, 3, 1).toEpochDay();
    private KeyedOneInputStreamOperatorTestHarness<String, KpiContribution, KpiValue> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CellAggregate(HORIZON)), KpiContribution::cellKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void emitsTheRunningTotalWithTheEventCountAsVersion() throws Exception {
        harness.processElement(month("members_net", 300, 3), 0);
        harness.processElement(month("members_net", -100, 1), 0);
        harness.processElement(month("members_net", 500, 5), 0);

        List<KpiValue> out = harness.extractOutputValues();
        assertThat(out).extracting(KpiValue::value).containsExactly(300L, 200L, 700L);
        assertThat(out).extracting(KpiValue::version).containsExactly(3L, 4L, 9L);
        assertThat(out).allSatisfy(v -> assertThat(v.bucket()).isEqualTo(MARCH_1));
    }

    @Test
    void cellsAreIndependent() throws Exception {
        harness.processElement(month("members_joined", 100, 1), 0);
        harness.processElement(month("members_left", 100, 1), 0);

        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::kpiId, KpiValue::value, KpiValue::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("members_joined", 100L, 1L),
                        org.assertj.core.groups.Tuple.tuple("members_left", 100L, 1L));
    }

    @Test
    void stateAndTimerAreDroppedOnceThePeriodIsPastTheLateHorizon() throws Exception {
        harness.processElement(month("members_joined", 100, 1), 0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        long aprilFirstShanghai = LocalDate.of(2022, 4, 1)
                .atStartOfDay(ZoneId.of("Asia/Shanghai"))
                .toInstant()
                .toEpochMilli();

        harness.processWatermark(aprilFirstShanghai + HORIZON - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(aprilFirstShanghai + HORIZON);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
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

    private static KpiContribution month(String kpi, long delta, long events) {
        return new KpiContribution(kpi, "month", MARCH_1, "xixing", "", "", "", delta, events);
    }
}
