package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.dashboards.model.Dashboard;
import cn.binjiang.union.dashboards.model.DashboardLoader;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardLoaderTest {
    static final String GOOD_PANEL = """
              - id: by_street
                title: 各街道实名建会
                kpis: [unions_founded_realname]
                chart: bar
                dimensions: [street]
                grain: year
                refresh: 10s
            """;

    @Test
    void theBundledDistrictDashboardLoads() {
        Map<String, Dashboard> all = DashboardLoader.load(Optional.empty());
        Dashboard d = all.get("district");
        assertThat(d.title()).isEqualTo("滨江区总工会领导驾驶舱");
        assertThat(d.panels()).extracting(Panel::id).contains("kpi_cards", "unions_by_street", "aid_paid_by_street");
        Panel bars = d.panels().stream().filter(p -> p.id().equals("unions_by_street")).findFirst().orElseThrow();
        assertThat(bars.kpis()).containsExactly("unions_founded_realname");
        assertThat(bars.dimensions()).containsExactly(DimensionColumn.STREET);
        assertThat(bars.grain()).isEqualTo(Grain.YEAR);
        assertThat(bars.chart()).isEqualTo(Panel.Chart.BAR);
        assertThat(bars.refresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.panels()).allSatisfy(p -> assertThat(p.title()).containsPattern("\\p{IsHan}"));
    }

    @Test
    void aGoodFileParses() {
        Dashboard d = DashboardLoader.parse("t", "title: 测试\npanels:\n" + GOOD_PANEL);
        assertThat(d.panels()).singleElement().extracting(Panel::id).isEqualTo("by_street");
    }

    @Test
    void aBadPanelFailsNamingThePanelAndTheField() {
        assertBad(GOOD_PANEL.replace("chart: bar", "chart: radar"), "panel 'by_street': field 'chart': 'radar' is not one of");
        assertBad(GOOD_PANEL.replace("grain: year", "grain: week"), "panel 'by_street': field 'grain'");
        assertBad(GOOD_PANEL.replace("    grain: year\n", ""), "panel 'by_street': field 'grain': required");
        assertBad(GOOD_PANEL.replace("refresh: 10s", "refresh: soon"), "panel 'by_street': field 'refresh'");
        assertBad(GOOD_PANEL.replace("[street]", "[district]"), "panel 'by_street': field 'dimensions': 'district'");
        assertBad(GOOD_PANEL.replace("    title: 各街道实名建会\n", ""), "panel 'by_street': field 'title': required");
        assertBad(GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    colour: red"), "panel 'by_street': field 'colour': unknown field");
        assertBad(GOOD_PANEL.replace("kpis: [unions_founded_realname]", "kpis: []"), "panel 'by_street': field 'kpis'");
        assertBad(GOOD_PANEL.replace("kpis: [unions_founded_realname]", "kpis: [a]\n    sql: SELECT 1"), "panel 'by_street': field 'sql': a panel has either kpis or sql");
        assertBad(GOOD_PANEL.replace("kpis: [unions_founded_realname]", "sql: DROP TABLE kpi_values").replace("    dimensions: [street]\n", ""),
                "panel 'by_street': field 'sql': must be a SELECT");
        assertBad(GOOD_PANEL.replace("kpis: [unions_founded_realname]", "sql: SELECT 1; SELECT 2").replace("    dimensions: [street]\n", ""),
                "panel 'by_street': field 'sql': a single SELECT");
        assertBad(GOOD_PANEL.replace("[unions_founded_realname]", "[unions_founded]"),
                "panel 'by_street': field 'kpis': 'unions_founded' is not a KPI of the catalog");
        assertBad(GOOD_PANEL.replace("[unions_founded_realname]", "[aid_paid_cny]").replace("[street]", "[industry]"),
                "panel 'by_street': field 'dimensions': KPI 'aid_paid_cny' is not sliced by industry");
        assertBad(GOOD_PANEL.replace("[street]", "[street, employment_form]"),
                "panel 'by_street': field 'dimensions': KPI 'unions_founded_realname' is not sliced by employment_form");
        assertBad(GOOD_PANEL.replace("id: by_street", "id: By-Street"), "panel 'By-Street': field 'id'");
        assertBad(GOOD_PANEL.replace("chart: bar", "chart: card"), "panel 'by_street': field 'grain': a kpis card");
        assertBad(GOOD_PANEL + GOOD_PANEL, "panel 'by_street': field 'id': duplicate panel id");
        assertBad(GOOD_PANEL.replace("- id: by_street\n    title:", "- title:"), "panel #1: field 'id': required");
        assertBad(GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {industry: [other]}"),
                "panel 'by_street': field 'only': 'industry' is not one of the panel's dimensions");
        assertBad(GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {street: [Xixing]}"),
                "panel 'by_street': field 'only': 'Xixing' is not a code");
        assertBad(GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {street: []}"),
                "panel 'by_street': field 'only': 'street' lists no code");
    }

    @Test
    void aBadDashboardFailsNamingTheField() {
        assertThatThrownBy(() -> DashboardLoader.parse("t", "title: x\n")).isInstanceOf(ConfigurationException.class)
                .hasMessage("dashboard 't': field 'panels': a non-empty list of panels is required");
        assertThatThrownBy(() -> DashboardLoader.parse("t", "panels:\n" + GOOD_PANEL)).isInstanceOf(ConfigurationException.class)
                .hasMessage("dashboard 't': field 'title': required");
    }

    @Test
    void aDirectoryOfDashboardsLoadsAndPanelIdsAreUniqueAcrossThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "title: 甲\npanels:\n" + GOOD_PANEL);
        assertThat(DashboardLoader.load(Optional.of(dir))).containsOnlyKeys("a");
        Files.writeString(dir.resolve("b.yaml"), "title: 乙\npanels:\n" + GOOD_PANEL);
        assertThatThrownBy(() -> DashboardLoader.load(Optional.of(dir))).isInstanceOf(ConfigurationException.class)
                .hasMessage("dashboard 'b', panel 'by_street': field 'id': used by another panel");
    }

    private static void assertBad(String panel, String message) {
        assertThatThrownBy(() -> DashboardLoader.parse("t", "title: 测试\npanels:\n" + panel))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dashboard 't', " + message.substring(0, message.indexOf(':')))
                .hasMessageContaining(message);
    }
}
