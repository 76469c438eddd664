package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KPI added to the catalog file (the KPI job's and the dashboard's {@code kpi.catalog}) and to the cards panel is on
 * the cockpit's cards at the next read, with no restart of the dashboard; a file changed into one that does not load
 * leaves the cards as they were; a bad catalog at start stops the server naming the setting.
 */
class CatalogReloadIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final String ADDED = "new_form_members_joined";
    private static final String ADDED_ENTRY = """

              - id: new_form_members_joined
                name_zh: 新业态入会人数
                name_en: Members joined in new forms of employment
                unit: 人
                stream: enrollment
                filter:
                  event_type: [MEMBER_JOINED]
                measure: count
                dimensions: [street, employment_form]
                target: none
            """;

    @Test
    void aKpiAddedToTheCatalogAndAPanelIsOnTheCardsWithoutARestart(@TempDir Path dir) throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), shipped("kpi/catalog.yaml"));
        Path dashboards = Files.createDirectory(dir.resolve("dashboards"));
        Path district = Files.writeString(dashboards.resolve("district.yaml"), shipped("dashboards/district.yaml"));
        String db = ItClient.freshDatabase(
                CLICKHOUSE,
                "catalog_reload",
                DashboardApiIT.DATASET,
                "INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value,"
                        + " version, updated_at) VALUES ('" + ADDED + "', 'year', '2022-01-01', '', '', '', '', 613,"
                        + " 613, '2022-12-31 12:00:00')");
        try (DashboardServer server = ItClient.server(
                CLICKHOUSE, db, Map.of("kpi.catalog", catalog.toString(), "dashboards.dir", dashboards.toString()))) {
            ItClient leader = ItClient.login("http://127.0.0.1:" + server.port(), "leader", "leader-demo");
            assertThat(cardKpis(leader)).doesNotContain(ADDED).contains("members_joined");

            // the federation adds the KPI to the catalog (the job computes it, kpi rebuild fills its history) and
            // to the cards panel
            Files.writeString(catalog, shipped("kpi/catalog.yaml").stripTrailing() + "\n" + ADDED_ENTRY.stripIndent());
            Files.writeString(
                    district,
                    shipped("dashboards/district.yaml").replace("members_joined, ", "members_joined, " + ADDED + ", "));
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(cardKpis(leader))
                            .containsSubsequence("members_joined", ADDED, "trainings_completed"));
            JsonNode card = card(leader, ADDED);
            assertThat(card.get("actual").asDouble()).isEqualTo(613.0);
            assertThat(leader.getJson("/api/kpis/" + ADDED + "?year=2022").toString())
                    .contains("新业态入会人数");

            // a file that does not load (a panel naming a KPI no catalog has) changes nothing
            Files.writeString(
                    district, shipped("dashboards/district.yaml").replace("members_joined, ", "no_such_kpi, "));
            Thread.sleep(3_000); // past the server's next look at the files (every 2 s)
            assertThat(cardKpis(leader)).contains(ADDED, "members_joined").doesNotContain("no_such_kpi");
        }
    }

    @Test
    void aCatalogThatDoesNotLoadStopsTheServerAtStartNamingTheSetting(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("catalog.yaml"), "kpis:\n  - id: x\n");

        assertThatThrownBy(() -> Definitions.load(Optional.of(broken), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kpi.catalog: " + broken);
        assertThat(Definitions.load(
                                Optional.of(
                                        Files.writeString(dir.resolve("shipped.yaml"), shipped("kpi/catalog.yaml"))),
                                Optional.empty())
                        .current()
                        .catalog()
                        .all())
                .hasSameSizeAs(KpiCatalog.fromClasspath().all());
    }

    private static List<String> cardKpis(ItClient leader) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode kpi :
                leader.getJson("/api/panels/kpi_cards?year=2022").get("panel").get("kpis")) {
            ids.add(kpi.get("id").asText());
        }
        return ids;
    }

    private static JsonNode card(ItClient leader, String kpi) throws Exception {
        for (JsonNode row : leader.getJson("/api/panels/kpi_cards?year=2022").get("rows")) {
            if (row.get("kpi_id").asText().equals(kpi)) return row;
        }
        throw new AssertionError("no card row of " + kpi);
    }

    private static String shipped(String resource) throws IOException {
        try (InputStream in = CatalogReloadIT.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
