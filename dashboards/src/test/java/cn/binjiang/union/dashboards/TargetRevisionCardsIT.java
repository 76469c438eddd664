package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target revised mid-year (a row of targets with its valid_from, V015) is on the cockpit's cards at the next read,
 * with no restart of the dashboard; a revision dated ahead is not, until its day.
 */
class TargetRevisionCardsIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    @Test
    void aRevisedTargetIsOnTheCardsAtOnce() throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, "target_revision_cards");
        try (DashboardServer server = ItClient.server(CLICKHOUSE, db, Map.of());
                Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            ItClient leader = ItClient.login("http://127.0.0.1:" + server.port(), "leader", "leader-demo");
            assertThat(realname(leader).get("target").asDouble()).isEqualTo(924.0);

            s.execute("INSERT INTO targets (year, kpi_id, street, target, note, valid_from, changed_by) VALUES"
                    + " (2022, 'unions_founded_realname', '', 1000, '年中调整', now64(3), 'district office')");
            JsonNode revised = realname(leader);
            assertThat(revised.get("target").asDouble()).isEqualTo(1000.0);
            assertThat(revised.get("completion_rate").asDouble()).isCloseTo(0.949, within(1e-9));

            s.execute("INSERT INTO targets (year, kpi_id, street, target, valid_from) VALUES"
                    + " (2022, 'unions_founded_realname', '', 1200, now64(3) + INTERVAL 1 DAY)");
            assertThat(realname(leader).get("target").asDouble()).isEqualTo(1000.0);
        }
    }

    private static JsonNode realname(ItClient leader) throws Exception {
        JsonNode cards = leader.getJson("/api/panels/kpi_cards?year=2022");
        for (JsonNode row : cards.get("rows")) {
            if (row.get("kpi_id").asText().equals("unions_founded_realname")) return row;
        }
        throw new AssertionError("no card of unions_founded_realname: " + cards);
    }
}
