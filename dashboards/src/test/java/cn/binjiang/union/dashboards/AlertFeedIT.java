package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cockpit's alert feed on the alert job's tables: current state per alert, firing first, scoped by
 * street; acknowledging a firing alert records who and when; everything else is refused with a reason.
 */
class AlertFeedIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    /**
     * Transitions as the alert job writes them: one alert firing in xixing, one resolved for the district, one pending
     * in changhe.
     */
    static final String ALERTS = """
            INSERT INTO alerts (transition_id, alert_id, name, severity, status, street, kpi_id, message, seq, at, notify) VALUES
                ('xixing_day_high#1', 'xixing_day_high', '西兴单日入会偏高', 'warning', 'firing', 'xixing', 'members_joined', '西兴单日入会偏高 2022-03-01：6，高于阈值 5', 1, now64(3) - 60, true),
                ('enrollment_silent#1', 'enrollment_silent', '入会事件流中断', 'critical', 'firing', '', '', 'enrollment 事件流已 120 秒无新事件', 1, now64(3) - 30, true),
                ('enrollment_silent#2', 'enrollment_silent', '入会事件流中断', 'critical', 'resolved', '', '', 'enrollment 事件流已 0 秒无新事件', 2, now64(3) - 20, true),
                ('changhe_pace#1', 'changhe_pace', '长河建会进度落后', 'warning', 'pending', 'changhe', 'unions_founded_realname', '落后 16.0 个百分点', 1, now64(3) - 10, false)
            """;
    /**
     * Acknowledging changes the feed: the feed's own test reads a database nobody acknowledges in. The
     * acknowledging tests share theirs; each looks only at its own alert (the second one's is older, so
     * the first one's stays first in the feed).
     */
    static String feedDb;

    static String ackDb;
    static DashboardServer server;
    static DashboardServer acking;

    @BeforeAll
    static void start() throws Exception {
        feedDb = database("dashboards_alert_feed");
        ackDb = database("dashboards_alert_acks");
        server = ItClient.server(CLICKHOUSE, feedDb, Map.of());
        acking = ItClient.server(
                CLICKHOUSE,
                ackDb,
                Map.of("alerts.ack-user", CLICKHOUSE.user(), "alerts.ack-password", CLICKHOUSE.password()));
    }

    static String database(String name) throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, name);
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            s.execute(ALERTS);
        }
        return db;
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (acking != null) acking.close();
    }

    static String base(DashboardServer s) {
        return "http://127.0.0.1:" + s.port();
    }

    static List<String> feed(ItClient c, String query) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode a : c.getJson("/api/alerts" + query)) {
            out.add(a.get("alert_id").asText() + " " + a.get("status").asText() + " "
                    + a.get("transition_id").asText()
                    + (a.get("acked_by").asText().isEmpty()
                            ? ""
                            : " acked by " + a.get("acked_by").asText()));
        }
        return out;
    }

    @Test
    void theFeedShowsEachAlertsCurrentStateFiringFirstScopedByStreet() throws Exception {
        ItClient leader = ItClient.login(base(server), "leader", "leader-demo");
        assertThat(feed(leader, ""))
                .containsExactly(
                        "xixing_day_high firing xixing_day_high#1",
                        "changhe_pace pending changhe_pace#1",
                        "enrollment_silent resolved enrollment_silent#2");
        JsonNode first = leader.getJson("/api/alerts").get(0);
        assertThat(first.get("name").asText()).isEqualTo("西兴单日入会偏高");
        assertThat(first.get("severity").asText()).isEqualTo("warning");
        assertThat(first.get("message").asText()).isEqualTo("西兴单日入会偏高 2022-03-01：6，高于阈值 5");
        assertThat(feed(leader, "?street=changhe")).containsExactly("changhe_pace pending changhe_pace#1");
        assertThat(feed(ItClient.login(base(server), "xixing", "xixing-demo"), ""))
                .containsExactly("xixing_day_high firing xixing_day_high#1");
        assertThat(feed(ItClient.login(base(server), "puyan", "puyan-demo"), ""))
                .isEmpty();
        assertThat(ItClient.login(base(server), "puyan", "puyan-demo")
                        .get("/api/alerts?street=xixing")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void acknowledgingAFiringAlertRecordsWhoAndWhenAndEverythingElseIsRefusedWithAReason() throws Exception {
        ItClient changhe = ItClient.login(base(acking), "changhe", "changhe-demo");
        assertThat(changhe.postJson("/api/alerts/xixing_day_high/ack", Map.of(), true)
                        .statusCode())
                .as("another street's alert does not exist for an officer")
                .isEqualTo(404);
        HttpResponse<String> pending = changhe.postJson("/api/alerts/changhe_pace/ack", Map.of(), true);
        assertThat(pending.statusCode()).isEqualTo(409);
        assertThat(pending.body()).contains("not firing");
        ItClient xixing = ItClient.login(base(acking), "xixing", "xixing-demo");
        assertThat(xixing.postJson("/api/alerts/xixing_day_high/ack", Map.of(), false)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(xixing.postJson("/api/alerts/nope/ack", Map.of(), true).statusCode())
                .isEqualTo(404);
        ItClient leader = ItClient.login(base(acking), "leader", "leader-demo");
        assertThat(leader.postJson("/api/alerts/enrollment_silent/ack", Map.of(), true)
                        .statusCode())
                .as("resolved")
                .isEqualTo(409);

        HttpResponse<String> ok = xixing.postJson("/api/alerts/xixing_day_high/ack", Map.of(), true);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body())
                .isEqualTo(
                        "{\"alertId\":\"xixing_day_high\",\"transitionId\":\"xixing_day_high#1\",\"ackedBy\":\"xixing\"}");
        assertThat(feed(leader, "")).first().isEqualTo("xixing_day_high firing xixing_day_high#1 acked by xixing");
        assertThat(leader.getJson("/api/alerts").get(0).get("acked_at").asText())
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*");
        try (Connection c = CLICKHOUSE.connect(ackDb);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT alert_id, transition_id, username, acked_at > now() - 60 FROM alert_acks FINAL"
                                + " WHERE alert_id = 'xixing_day_high'")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .containsExactly("xixing_day_high", "xixing_day_high#1", "xixing", "1");
            assertThat(rs.next()).isFalse();
        }

        HttpResponse<String> again = leader.postJson("/api/alerts/xixing_day_high/ack", Map.of(), true);
        assertThat(again.statusCode()).as("acknowledged already").isEqualTo(409);
        assertThat(ItClient.JSON.readTree(again.body()).get("error").asText())
                .matches("告警 'xixing_day_high' 已由 xixing 于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} 确认 "
                        + "\\(already acknowledged by xixing at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\)");
        assertThat(acks("xixing_day_high#1"))
                .as("rows written, before any merge")
                .isEqualTo(1);
        assertThat(feed(leader, "")).first().isEqualTo("xixing_day_high firing xixing_day_high#1 acked by xixing");
    }

    @Test
    void fourAcknowledgementsOfOneFiringAtOnceWriteOneRowAndTheOthersAnswer409() throws Exception {
        try (Connection c = CLICKHOUSE.connect(ackDb);
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO alerts (transition_id, alert_id, name, severity, status, street, kpi_id, message, seq, at, notify) VALUES "
                            + "('puyan_day_high#1', 'puyan_day_high', '浦沿单日入会偏高', 'warning', 'firing', 'puyan', 'members_joined', '浦沿单日入会偏高', 1, now64(3) - 3600, true)");
        }
        ItClient analyst = ItClient.login(base(acking), "analyst", "analyst-demo");
        ItClient puyan = ItClient.login(base(acking), "puyan", "puyan-demo");
        List<CompletableFuture<HttpResponse<String>>> clicks = new ArrayList<>();
        for (ItClient who : List.of(analyst, puyan, analyst, puyan)) {
            clicks.add(ItClient.HTTP.sendAsync(
                    who.request("/api/alerts/puyan_day_high/ack")
                            .header("Content-Type", "application/json")
                            .header(AuthenticationFilter.CSRF_HEADER, who.csrf())
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> click : clicks)
            statuses.add(click.get(30, TimeUnit.SECONDS).statusCode());
        assertThat(statuses).as("answers in any order").containsExactlyInAnyOrder(200, 409, 409, 409);
        assertThat(acks("puyan_day_high#1")).isEqualTo(1);
    }

    /** Rows of alert_acks for a transition as written (no FINAL: a duplicate would still be there). */
    static long acks(String transition) throws Exception {
        try (Connection c = CLICKHOUSE.connect(ackDb);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count() FROM alert_acks WHERE transition_id = '" + transition + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    void withoutAnAckUserAcknowledgingIsOffWith503() throws Exception {
        HttpResponse<String> r = ItClient.login(base(server), "leader", "leader-demo")
                .postJson("/api/alerts/xixing_day_high/ack", Map.of(), true);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("alerts.ack-user");
    }
}
