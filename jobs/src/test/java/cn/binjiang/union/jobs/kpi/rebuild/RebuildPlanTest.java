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
    /** When the rebuild asked for its savepoint. */
    private static final long CUT = NOW - 60_000;
    /** A row's time of writing long before the cut: kpi.cell-grace before it, at least, for a closed cell. */
    private static final long BEFORE_THE_CUT = CUT - 3_600_000;

    @Test
    void aCellWhoseStateAndRowHoldTheRebuiltValueIsLeftAlone() {
        RebuildPlan plan = ofYearCell(
                new CellTotal(37_900, 379), new CellTotal(37_900, 379), new StoredRow(37_900, 379, BEFORE_THE_CUT));

        assertThat(plan.cells()).isZero();
        assertThat(plan.rows()).isEmpty();
    }

    @Test
    void aRowTheJobWroteOnARightStateForEventsAfterTheCutIsLeftAlone() {
        RebuildPlan plan = ofYearCell(
                new CellTotal(37_900, 379), new CellTotal(37_900, 379), new StoredRow(38_200, 382, CUT + 2_000));

        assertThat(plan.cells()).isZero();
    }

    @Test
    void aRowTheJobWroteAfterTheCutOnAWrongStateIsReplaced() {
        RebuildPlan plan =
                ofYearCell(new CellTotal(37_900, 379), new CellTotal(9_000, 90), new StoredRow(9_300, 93, CUT + 2_000));

        assertThat(plan.adjustments())
                .extracting(CellAdjustment::valueDelta, CellAdjustment::versionDelta)
                .containsExactly(tuple(28_900L, 93 + VERSION_STEP - 90));
    }

    @Test
    void aRowOfACellMissingFromTheStateIsZeroedThoughWrittenAboveIt() {
        // a closed cell (its state let go) whose only event was withdrawn too late to count live
        RebuildPlan plan = RebuildPlan.of(
                "r", Map.of(), Map.of(), Map.of(MONTH, new StoredRow(1_200, 12, BEFORE_THE_CUT)), CUT, NOW);

        assertThat(plan.rows().get("certificates_earned"))
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(0L, 12 + VERSION_STEP));
    }

    @Test
    void aRowOfACellTheJobFirstCountedInAfterTheCutIsLeftAlone() {
        RebuildPlan plan =
                RebuildPlan.of("r", Map.of(), Map.of(), Map.of(MONTH, new StoredRow(300, 3, CUT + 2_000)), CUT, NOW);

        assertThat(plan.cells()).isZero();
    }

    @Test
    void aKpiAddedMidYearGetsItsRowAndTheDifferenceToWhatTheJobCountedSinceItWasAdded() {
        RebuildPlan plan = ofYearCell(
                new CellTotal(37_900, 379), new CellTotal(9_000, 90), new StoredRow(8_900, 89, BEFORE_THE_CUT));

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
                "r",
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(YEAR, new CellTotal(37_900, 379)),
                Map.of(),
                CUT,
                NOW);

        assertThat(plan.rows().get("certificates_earned"))
                .extracting(KpiValue::value, KpiValue::version)
                .containsExactly(tuple(37_900L, 379 + VERSION_STEP));
        assertThat(plan.adjustments())
                .extracting(CellAdjustment::valueDelta, CellAdjustment::versionDelta)
                .containsExactly(tuple(0L, VERSION_STEP));
    }

    @Test
    void aRowAboveTheStatesVersionIsOneTheStateMustBeRaisedPast() {
        // a rebuild inserted its rows and failed before committing its adjustments; the job counted 50 events since
        long inserted = 329 + VERSION_STEP;
        RebuildPlan plan = ofYearCell(
                new CellTotal(37_900, 379),
                new CellTotal(37_900, 379),
                new StoredRow(37_900, inserted, BEFORE_THE_CUT));

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
                Map.of(YEAR, new StoredRow(500, 5, BEFORE_THE_CUT), MONTH, new StoredRow(1_200, 12, BEFORE_THE_CUT)),
                CUT,
                NOW);

        assertThat(plan.rows().get("certificates_earned"))
                .extracting(KpiValue::cellKey, KpiValue::value, KpiValue::version)
                .containsExactlyInAnyOrder(tuple(YEAR, 0L, 5 + VERSION_STEP), tuple(MONTH, 1_200L, 12 + VERSION_STEP));
        assertThat(plan.adjustments())
                .extracting(a -> a.cell().key(), CellAdjustment::valueDelta, CellAdjustment::basisVersion)
                .containsExactlyInAnyOrder(tuple(YEAR, -500L, 5L), tuple(MONTH, 1_200L, 0L));
    }

    /** The plan for the year cell alone, with its recount, its state at the cut and its row. */
    private static RebuildPlan ofYearCell(CellTotal rebuilt, CellTotal counted, StoredRow row) {
        return RebuildPlan.of("r", Map.of(YEAR, rebuilt), Map.of(YEAR, counted), Map.of(YEAR, row), CUT, NOW);
    }
}
