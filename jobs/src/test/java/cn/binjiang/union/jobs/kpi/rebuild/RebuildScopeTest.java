package cn.binjiang.union.jobs.kpi.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebuildScopeTest {
    private static final KpiCatalog CATALOG = KpiCatalog.fromClasspath();

    @Test
    void datesChooseWholeYearsInTheKpiCalendar() {
        RebuildScope scope = RebuildScope.of(
                CATALOG,
                List.of("certificates_earned"),
                Optional.of(LocalDate.of(2021, 6, 15)),
                Optional.of(LocalDate.of(2022, 2, 1)));

        assertThat(scope.years()).isEqualTo("2021–2022");
        assertThat(scope.start()).contains(Instant.parse("2020-12-31T16:00:00Z"));
        assertThat(scope.end()).contains(Instant.parse("2022-12-31T16:00:00Z"));
        assertThat(scope.streams()).containsExactly(EventStream.TRAINING);
        RebuildScope.Cells cells = scope.cells();
        assertThat(cells.cover(
                        "certificates_earned", (int) LocalDate.of(2021, 1, 1).toEpochDay()))
                .isTrue();
        assertThat(cells.cover(
                        "certificates_earned", (int) LocalDate.of(2022, 12, 31).toEpochDay()))
                .isTrue();
        assertThat(cells.cover(
                        "certificates_earned", (int) LocalDate.of(2020, 12, 31).toEpochDay()))
                .isFalse();
        assertThat(cells.cover(
                        "certificates_earned", (int) LocalDate.of(2023, 1, 1).toEpochDay()))
                .isFalse();
        assertThat(cells.cover("members_joined", (int) LocalDate.of(2022, 1, 1).toEpochDay()))
                .isFalse();
    }

    @Test
    void noKpiNamedIsEveryKpiAndNoDateIsEveryYear() {
        RebuildScope scope = RebuildScope.of(CATALOG, List.of(), Optional.empty(), Optional.empty());

        assertThat(scope.kpiIds()).hasSize(CATALOG.all().size());
        assertThat(scope.streams()).containsExactlyInAnyOrderElementsOf(EventStream.all());
        assertThat(scope.years()).isEqualTo("all years");
        assertThat(scope.start()).isEmpty();
        assertThat(scope.cells()
                        .cover("aid_paid_cny", (int) LocalDate.of(1999, 1, 1).toEpochDay()))
                .isTrue();
    }
}
