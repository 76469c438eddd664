package cn.binjiang.union.jobs.kpi.rebuild;

import static cn.binjiang.union.jobs.kpi.rebuild.RebuildPlan.VERSION_STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.jobs.kpi.rebuild.StoredRows.StoredRow;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.CellAdjustment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebuildPlanTest {
    private static final String YEAR = "certificates_earned|year|18993||||";
    private static final String MONTH = "certificates_earned|month|19052|xixing|||";
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void aCellWhoseStateAndRowHoldTheRebuiltValueIsLeftAlone() {
        RebuildPlan plan = RebuildPlan.of(
                "r",
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(YEAR, new StoredRow(37_900, 379)),
                NOW);

        assertThat(plan.cells()).isZero();
        assertThat(plan.rows()).isEmpty();
    }

    @Test
    void aKpiAddedMidYearGetsItsRowAndTheDifferenceToWhatTheJobCountedSinceItWasAdded() {
        RebuildPlan plan = RebuildPlan.of(
                "r",
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(YEAR, new CellTotal(9_000, 90)),
                Map.of(YEAR, new StoredRow(8_900, 89)),
                NOW);

        KpiValue row = plan.rows().get("certificates_earned").getFirst();
        assertThat(row.value()).isEqualTo(37_900);
        assertThat(row.version()).isEqualTo(90 + VERSION_STEP);
        assertThat(row.updatedAt()).isEqualTo(NOW);
        assertThat(plan.adjustments()).singleElement().satisfies(a -> {
            assertThat(a.cell().key()).isEqualTo(YEAR);
            assertThat(a.valueDelta()).isEqualTo(28_900);
            assertThat(a.versionDelta())
                    .as("the state ends on the row's version")
                    .isEqualTo(VERSION_STEP);
            assertThat(a.basisVersion()).isEqualTo(90);
        });
    }

    @Test
    void aLostRowIsWrittenAgainAndTheStateRaisedToItsVersionWithoutChangingItsValue() {
        RebuildPlan plan = RebuildPlan.of(
                "r", Map.of(YEAR, new CellTotal(37_900, 379)), Map.of(YEAR, new CellTotal(37_900, 379)), Map.of(), NOW);

        assertThat(plan.rows().get("certificates_earned"))
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(37_900L, 379 + VERSION_STEP));
        assertThat(plan.adjustments())
                .extracting(CellAdjustment::valueDelta, CellAdjustment::versionDelta)
                .containsExactly(tuple(0L, VERSION_STEP));
    }

    @Test
    void aRowAboveTheStatesVersionIsOneTheStateMustBeRaisedPast() {
        // a rebuild inserted its rows and failed before committing its adjustments
        long inserted = 379 + VERSION_STEP;
        RebuildPlan plan = RebuildPlan.of(
                "r",
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(YEAR, new StoredRow(37_900, inserted)),
                NOW);

        assertThat(plan.rows().get("certificates_earned"))
                .extracting(KpiValue::version)
                .containsExactly(inserted + VERSION_STEP);
        assertThat(plan.adjustments())
                .extracting(CellAdjustment::versionDelta)
                .containsExactly(inserted + VERSION_STEP - 379);
    }

    @Test
    void aCellNoEventCountsInAnyMoreIsZeroedAndOneMissingFromTheStateIsStartedAtItsTotal() {
        RebuildPlan plan = RebuildPlan.of(
                "r",
                Map.of(MONTH, new CellTotal(1_200, 12)),
                Map.of(YEAR, new CellTotal(500, 5)),
                Map.of(YEAR, new StoredRow(500, 5), MONTH, new StoredRow(1_200, 12)),
                NOW);

        assertThat(plan.rows().get("certificates_earned"))
                .extracting(KpiValue::cellKey, KpiValue::value, KpiValue::version)
                .containsExactlyInAnyOrder(tuple(YEAR, 0L, 5 + VERSION_STEP), tuple(MONTH, 1_200L, 12 + VERSION_STEP));
        assertThat(plan.adjustments())
                .extracting(a -> a.cell().key(), CellAdjustment::valueDelta, CellAdjustment::basisVersion)
                .containsExactlyInAnyOrder(tuple(YEAR, -500L, 5L), tuple(MONTH, 1_200L, 0L));
    }
}
