package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.api.PanelQuery;
import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.dashboards.model.Panel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PanelQueryTest {
    static final List<Panel> PANELS =
            Definitions.bundled().current().dashboards().get("district").panels();

    @Test
    void aStreetOfficersQueryOfEveryBundledPanelIsBoundToTheirStreet() {
        for (Panel p : PANELS) {
            PanelQuery q = PanelQuery.of(p, 2022, Optional.of("xixing"));
            assertThat(q.sql())
                    .as(p.id())
                    .contains("street = ?")
                    .doesNotContain("street != ''")
                    .doesNotContain("street = ''");
            assertThat(q.params()).as(p.id()).contains("xixing");
            assertThat(q.sql().chars().filter(c -> c == '?').count())
                    .as(p.id())
                    .isEqualTo(q.params().size());
        }
    }

    @Test
    void theDistrictReadsRollUpsExceptOnItsDimensions() {
        Panel byStreet = panel("unions_by_street");
        PanelQuery q = PanelQuery.of(byStreet, 2022, Optional.empty());
        assertThat(q.sql())
                .isEqualTo(
                        "SELECT kpi_id, street, argMax(cell.value, cell.version) AS value FROM kpi_values AS cell"
                                + " WHERE kpi_id IN (?) AND grain = ? AND bucket >= toDate(?) AND bucket < toDate(?) AND street != '' AND industry = ''"
                                + " AND employment_form = '' AND category = ''"
                                + " GROUP BY kpi_id, grain, street, industry, employment_form, category, bucket ORDER BY kpi_id, street");
        assertThat(q.params()).containsExactly("unions_founded_realname", "year", "2022-01-01", "2023-01-01");
        PanelQuery cards = PanelQuery.of(panel("kpi_cards"), 2022, Optional.empty());
        assertThat(cards.sql())
                .contains(
                        "FROM kpi_progress WHERE year = ? AND kpi_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) AND street = ?")
                .endsWith("ORDER BY kpi_id");
        assertThat(cards.params()).startsWith(2022, 2022).endsWith("", 2022, 2022);
    }

    @Test
    void onlyKeepsTheListedCodesOfADimension() {
        PanelQuery q = PanelQuery.of(panel("new_form_groups"), 2022, Optional.empty());
        assertThat(q.sql())
                .contains(" AND employment_form != '' AND employment_form IN (?, ?, ?, ?, ?) AND category = ''");
        assertThat(q.params())
                .endsWith("food_delivery_rider", "courier", "ride_hailing_driver", "online_writer", "live_streamer");
    }

    @Test
    void anSqlPanelGetsTheYearAndIsWrappedForAStreet() {
        Panel sql = panel("aid_paid_by_street");
        assertThat(PanelQuery.of(sql, 2022, Optional.empty()).sql())
                .contains("toYear(occurred_at) = 2022")
                .doesNotContain("{year}");
        PanelQuery scoped = PanelQuery.of(sql, 2022, Optional.of("puyan"));
        assertThat(scoped.sql()).startsWith("SELECT * FROM (\n").endsWith(") AS panel WHERE street = ?");
        assertThat(scoped.params()).containsExactly("puyan");
    }

    private static Panel panel(String id) {
        return PANELS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
