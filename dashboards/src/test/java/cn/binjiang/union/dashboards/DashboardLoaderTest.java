package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.dashboards.model.Dashboard;
import cn.binjiang.union.dashboards.model.DashboardLoader;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardLoaderTest {
    private static final KpiCatalog CATALOG = KpiCatalog.fromClasspath();

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
        Map<String, Dashboard> all = DashboardLoader.load(Optional.empty(), CATALOG);
        Dashboard d = all.get("district");
        assertThat(d.title()).isEqualTo("滨江区总工会领导驾驶舱");
        assertThat(d.panels()).extracting(Panel::id).contains("kpi_cards", "unions_by_street", "aid_paid_by_street");
        Panel bars = d.panels().stream()
                .filter(p -> p.id().equals("unions_by_street"))
                .findFirst()
                .orElseThrow();
        assertThat(bars.kpis()).containsExactly("unions_founded_realname");
        assertThat(bars.dimensions()).containsExactly(DimensionColumn.STREET);
        assertThat(bars.grain()).isEqualTo(Grain.YEAR);
        assertThat(bars.chart()).isEqualTo(Panel.Chart.BAR);
        assertThat(bars.refresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.panels()).allSatisfy(p -> assertThat(p.title()).containsPattern("\\p{IsHan}"));
    }

    @Test
    void aGoodFileParses() {
        Dashboard d = DashboardLoader.parse("t", "title: 测试\npanels:\n" + GOOD_PANEL, CATALOG);
        assertThat(d.panels()).singleElement().extracting(Panel::id).isEqualTo("by_street");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheFileAndThePath() {
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    colour: red"),
                "panels[0].colour: unknown key (known: chart, dimensions, grain, id, kpis, only, refresh, sql, title)");
        assertBadFile("title: 测试\nowner: 区总\npanels:\n" + GOOD_PANEL, "owner: unknown key (known: panels, title)");
    }

    @Test
    void aWrongTypeIsRefusedWithTheFileAndThePath() {
        assertBad(
                GOOD_PANEL.replace("kpis: [unions_founded_realname]", "kpis: unions_founded_realname"),
                "panels[0].kpis: expected a list, got 'unions_founded_realname'");
        assertBad(
                GOOD_PANEL.replace("title: 各街道实名建会", "title: {zh: 各街道实名建会}"),
                "panels[0].title: expected a non-blank value, got a map");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: [street]"),
                "panels[0].only: expected a map, got a list");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {street: xixing}"),
                "panels[0].only.street: expected a list, got 'xixing'");
        assertBadFile("title: 测试\npanels: {id: by_street}\n", "panels: expected a list, got a map");
        assertBadFile("- title: 测试\n", "expected a map, got a list");
    }

    @Test
    void aMissingFieldIsRefusedWithTheFileAndThePath() {
        assertBad(GOOD_PANEL.replace("    grain: year\n", ""), "panels[0].grain: missing");
        assertBad(GOOD_PANEL.replace("    title: 各街道实名建会\n", ""), "panels[0].title: missing");
        assertBad(GOOD_PANEL.replace("- id: by_street\n    title:", "- title:"), "panels[0].id: missing");
        assertBad(
                GOOD_PANEL.replace("    kpis: [unions_founded_realname]\n", ""),
                "panels[0]: missing kpis or sql (a panel has exactly one)");
        assertBadFile("title: x\n", "panels: missing (a non-empty list)");
        assertBadFile("panels:\n" + GOOD_PANEL, "title: missing");
        assertBadFile("", "missing (a map with 'title')");
    }

    @Test
    void aBadValueIsRefusedWithTheFileThePathAndWhy() {
        assertBad(
                GOOD_PANEL.replace("chart: bar", "chart: radar"),
                "panels[0].chart: 'radar' is not one of [card, line, bar, pie, funnel, table]");
        assertBad(
                GOOD_PANEL.replace("grain: year", "grain: week"),
                "panels[0].grain: 'week' is not one of [day, month, year]");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: soon"),
                "panels[0].refresh: must be a duration like 500ms, 5s, 10m, 8h, got 'soon'");
        assertBad(
                GOOD_PANEL.replace("[street]", "[district]"),
                "panels[0].dimensions[0]: 'district' is not one of [street, industry, employment_form, category]");
        assertBad(GOOD_PANEL.replace("[street]", "[street, street]"), "panels[0].dimensions[1]: 'street' listed twice");
        assertBad(
                GOOD_PANEL.replace("kpis: [unions_founded_realname]", "kpis: []"),
                "panels[0].kpis: expected a non-empty list, got an empty one");
        assertBad(
                GOOD_PANEL.replace("kpis: [unions_founded_realname]", "kpis: [a]\n    sql: SELECT 1"),
                "panels[0].sql: a panel has either kpis or sql, not both");
        String sqlPanel = GOOD_PANEL.replace("    dimensions: [street]\n", "");
        assertBad(
                sqlPanel.replace("kpis: [unions_founded_realname]", "sql: DROP TABLE kpi_values"),
                "panels[0].sql: must be a SELECT (or WITH ... SELECT) query");
        assertBad(
                sqlPanel.replace("kpis: [unions_founded_realname]", "sql: SELECT 1; SELECT 2"),
                "panels[0].sql: a single SELECT statement, without ';'");
        assertBad(
                GOOD_PANEL.replace("kpis: [unions_founded_realname]", "sql: SELECT street FROM kpi_values"),
                "panels[0].dimensions: an sql panel's slices are its own columns; dimensions are for kpis panels");
        assertBad(
                GOOD_PANEL.replace("[unions_founded_realname]", "[unions_founded]"),
                "panels[0].kpis[0]: 'unions_founded' is not a KPI of the catalog (docs/kpis.md)");
        assertBad(
                GOOD_PANEL
                        .replace("[unions_founded_realname]", "[aid_paid_cny]")
                        .replace("[street]", "[industry]"),
                "panels[0].dimensions[0]: KPI 'aid_paid_cny' is not sliced by industry");
        assertBad(
                GOOD_PANEL.replace("[street]", "[street, employment_form]"),
                "panels[0].dimensions[1]: KPI 'unions_founded_realname' is not sliced by employment_form");
        assertBad(
                GOOD_PANEL.replace("id: by_street", "id: By-Street"),
                "panels[0].id: must match [a-z][a-z0-9_]{0,63}, got 'By-Street'");
        assertBad(
                GOOD_PANEL.replace("chart: bar", "chart: card"),
                "panels[0].grain: a kpis card shows the year against its target: grain year, no dimensions");
        assertBad(
                GOOD_PANEL.replace("chart: bar", "chart: line").replace("    dimensions: [street]\n", ""),
                "panels[0].grain: a line chart of kpis is a trend: grain day or month");
        assertBad(GOOD_PANEL + GOOD_PANEL, "panels[1].id: 'by_street' is used by another panel (t.yaml: panels[0])");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {}"),
                "panels[0].only: must map a dimension to the codes to keep");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {industry: [other]}"),
                "panels[0].only.industry: 'industry' is not one of the panel's dimensions");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {town: [xixing]}"),
                "panels[0].only.town: 'town' is not one of [street, industry, employment_form, category]");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {street: [xixing, Xixing]}"),
                "panels[0].only.street[1]: 'Xixing' is not a code ([a-z][a-z0-9_]{0,63})");
        assertBad(
                GOOD_PANEL.replace("refresh: 10s", "refresh: 10s\n    only: {street: []}"),
                "panels[0].only.street: expected a non-empty list, got an empty one");
    }

    @Test
    void aDashboardNameMustBeAnId() {
        assertThatThrownBy(() -> DashboardLoader.parse("District", "title: 测试\npanels:\n" + GOOD_PANEL, CATALOG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("District.yaml: a dashboard's name (its file name without .yaml) must match "
                        + "[a-z][a-z0-9_]{0,63}");
    }

    @Test
    void aDirectoryOfDashboardsLoadsAndPanelIdsAreUniqueAcrossThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "title: 甲\npanels:\n" + GOOD_PANEL);
        assertThat(DashboardLoader.load(Optional.of(dir), CATALOG)).containsOnlyKeys("a");
        Files.writeString(dir.resolve("b.yaml"), "title: 乙\npanels:\n" + GOOD_PANEL);
        assertThatThrownBy(() -> DashboardLoader.load(Optional.of(dir), CATALOG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(dir.resolve("b.yaml") + ": panels[0].id: 'by_street' is used by another panel ("
                        + dir.resolve("a.yaml") + ": panels[0])");
    }

    @Test
    void aFileOfTheDirectoryIsNamedInItsErrors(@TempDir Path dir) throws Exception {
        String panel = GOOD_PANEL.replace("grain: year", "grain: [year]");
        Files.writeString(dir.resolve("a.yaml"), "title: 甲\npanels:\n" + panel);
        assertThatThrownBy(() -> DashboardLoader.load(Optional.of(dir), CATALOG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(dir.resolve("a.yaml") + ": panels[0].grain: expected a non-blank value, got a list");
        Files.writeString(dir.resolve("a.yaml"), "title: 甲\ntitle: 乙\n");
        assertThatThrownBy(() -> DashboardLoader.load(Optional.of(dir), CATALOG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(dir.resolve("a.yaml") + ": not valid YAML at line 2, column ")
                .hasMessageContaining("Duplicate field 'title'");
    }

    private static void assertBad(String panel, String message) {
        assertBadFile("title: 测试\npanels:\n" + panel, message);
    }

    private static void assertBadFile(String yaml, String message) {
        assertThatThrownBy(() -> DashboardLoader.parse("t", yaml, CATALOG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("t.yaml: " + message);
    }
}
