package cn.binjiang.union.jobs.kpi.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.KpiCatalog;
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
        Map<String, CellTotal> totals = cells.totals();

        assertThat(expected).isNotEmpty();
        assertThat(totals.entrySet().stream()
                        .collect(Collectors.toMap(
                                cell -> truthKey(cell.getKey()),
                                cell -> cell.getValue().value())))
                .isEqualTo(expected);
        assertThat(totals.values())
                .allSatisfy(total -> assertThat(total.events())
                        .as("a cell's count: its events")
                        .isEqualTo(total.value() / 100));
    }

    private static String truthKey(String cellKey) {
        CellKey.Cell cell = CellKey.parse(cellKey);
        return String.join(
                "|",
                cell.kpiId(),
                cell.grain(),
                LocalDate.ofEpochDay(cell.bucket()).toString(),
                cell.street(),
                cell.industry(),
                cell.employmentForm(),
                cell.category());
    }
}
