package cn.binjiang.union.jobs.kpi.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class RebuiltCellsTest {
    private static final String KPI = "certificates_earned";
    private static final long NOW = 1_700_000_000_000L;

    private final RebuildScope scope =
            RebuildScope.of(KpiCatalog.fromClasspath(), List.of(KPI), Optional.empty(), Optional.empty());
    private final List<SpecificRecordBase> events = new RandomEvents(7, EnterpriseRoster.generate(7, 300))
            .between(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-03-01T00:00:00Z"), 5_000);

    @Test
    void theChosenKpisCellsAreCountedAsTheGroundTruthCountsThem() {
        RebuiltCells cells = new RebuiltCells(scope);
        GroundTruth truth = new GroundTruth();
        events.forEach(cells::add);
        events.forEach(truth::add);

        Map<String, Long> expected = truth.cells().entrySet().stream()
                .filter(cell -> cell.getKey().startsWith(KPI + "|"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<KpiValue> rows = cells.over(Map.of(), NOW);

        assertThat(expected).isNotEmpty();
        assertThat(rows.stream().collect(Collectors.toMap(RebuiltCellsTest::truthKey, KpiValue::value)))
                .isEqualTo(expected);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.version()).as("a new cell's version: its events").isEqualTo(row.value() / 100);
            assertThat(row.updatedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void eachRowOutranksTheStoredVersionAndAStoredCellNoEventCountsInIsZeroed() {
        RebuiltCells cells = new RebuiltCells(scope);
        events.forEach(cells::add);
        KpiValue year = cells.over(Map.of(), NOW).stream()
                .filter(row -> row.grain().equals("year")
                        && row.street().isEmpty()
                        && row.category().isEmpty()
                        && row.industry().isEmpty()
                        && row.employmentForm().isEmpty())
                .findFirst()
                .orElseThrow();
        String gone = "certificates_earned|day|" + LocalDate.of(2021, 5, 4).toEpochDay() + "|xixing|||";

        List<KpiValue> rows = cells.over(Map.of(year.cellKey(), year.version() + 10, gone, 3L), NOW);

        assertThat(rows)
                .filteredOn(row -> row.cellKey().equals(year.cellKey()))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.value()).isEqualTo(year.value());
                    assertThat(row.version()).isEqualTo(year.version() + 11);
                });
        assertThat(rows)
                .filteredOn(row -> row.cellKey().equals(gone))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.value()).isZero();
                    assertThat(row.version()).isEqualTo(4);
                    assertThat(row.street()).isEqualTo("xixing");
                });
    }

    private static String truthKey(KpiValue row) {
        return String.join(
                "|",
                row.kpiId(),
                row.grain(),
                LocalDate.ofEpochDay(row.bucket()).toString(),
                row.street(),
                row.industry(),
                row.employmentForm(),
                row.category());
    }
}
