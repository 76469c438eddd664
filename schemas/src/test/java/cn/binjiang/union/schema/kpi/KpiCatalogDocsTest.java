package cn.binjiang.union.schema.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/kpis.md is what dashboard authors and analysts read: it must list every KPI as the catalog has it. */
class KpiCatalogDocsTest {
    @Test
    void documentsEveryKpiWithItsNameUnitStreamAndTarget() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("..", "docs", "kpis.md")).stream()
                .filter(line -> line.startsWith("| `"))
                .toList();
        for (KpiDefinition kpi : KpiCatalog.fromClasspath().all()) {
            String start = "| `%s` | %s | %s | %s |".formatted(kpi.id(), kpi.nameZh(), kpi.unit(), kpi.stream());
            String target = kpi.target().map(t -> "`" + t + "`").orElse("none");
            assertThat(rows)
                    .as(kpi.id())
                    .anySatisfy(row -> assertThat(row).startsWith(start).endsWith("| " + target + " |"));
        }
    }
}
