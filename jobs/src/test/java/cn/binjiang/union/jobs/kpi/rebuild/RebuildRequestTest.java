package cn.binjiang.union.jobs.kpi.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebuildRequestTest {
    private static final String[] WHERE = {"--flink", "http://localhost:8081", "--savepoints", "file:///sp"};

    @Test
    void readsItsOwnOptionsAndLeavesTheJobSettingsToTheJob() {
        RebuildRequest request = RebuildRequest.parse(join(
                new String[] {"--kpi", "members_joined", "members_left", "--from", "2021-03-01", "--kpi", "aid_paid_cny"
                },
                WHERE,
                new String[] {"--config", "local.yaml", "--clickhouse.user", "default"}));

        assertThat(request.kpis()).containsExactly("members_joined", "members_left", "aid_paid_cny");
        assertThat(request.from()).contains(LocalDate.of(2021, 3, 1));
        assertThat(request.to()).isEmpty();
        assertThat(request.flink()).isEqualTo("http://localhost:8081");
        assertThat(request.savepoints()).isEqualTo("file:///sp");
        assertThat(request.jobArgs()).containsExactly("--config", "local.yaml", "--clickhouse.user", "default");
    }

    @Test
    void aWrongOptionIsNamed() {
        assertThatThrownBy(() -> RebuildRequest.parse(join(new String[] {"--to", "2022-13-01"}, WHERE)))
                .hasMessage("--to: '2022-13-01' is not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> RebuildRequest.parse(join(new String[] {"--kpi", "--from", "2022-01-01"}, WHERE)))
                .hasMessage("--kpi: give at least one KPI id");
        assertThatThrownBy(() -> RebuildRequest.parse(new String[] {"--savepoints", "file:///sp"}))
                .hasMessageStartingWith("--flink: the Flink REST URL is required");
        assertThatThrownBy(() -> RebuildScope.of(
                        KpiCatalog.fromClasspath(),
                        List.of("members_joined", "nope"),
                        Optional.empty(),
                        Optional.empty()))
                .hasMessage("--kpi: no KPI nope in the catalog");
        assertThatThrownBy(() -> RebuildScope.of(
                        KpiCatalog.fromClasspath(),
                        List.of(),
                        Optional.of(LocalDate.of(2023, 1, 1)),
                        Optional.of(LocalDate.of(2022, 12, 31))))
                .hasMessage("--from 2023 is after --to 2022");
    }

    private static String[] join(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
