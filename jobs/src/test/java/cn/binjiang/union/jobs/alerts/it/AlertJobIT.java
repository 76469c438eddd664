package cn.binjiang.union.jobs.alerts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.jobs.metrics.PrometheusScrape;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The alert job on a real broker, the embedded ClickHouse and a local robot webhook: each rule type
 * fires once at the right moment and resolves (a pace alert on its target's revision, without a restart); a webhook down for 30 s gets every notification once
 * it is back, each once, and the job's metrics count them and the failed attempts; a restart neither
 * re-fires a resolved alert nor loses a pending notification.
 */
class AlertJobIT {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final LocalDate MARCH_1 = LocalDate.of(2022, 3, 1);
    static final Instant JULY_2 =
            LocalDate.of(2022, 7, 2).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();

    static final String ALL_TYPES = """
            rules:
              - {id: xixing_day_high, name: 西兴单日入会偏高, severity: warning, type: threshold,
                 kpi: members_joined, grain: day, slice: {street: xixing}, above: 5}
              - {id: unions_pace, name: 实名建会进度落后, severity: critical, type: pace,
                 kpi: unions_founded_realname, behind_points: 20}
              - {id: members_spike, name: 入会激增, severity: info, type: baseline,
                 kpi: members_joined, direction: spike, change_percent: 100, days: 3, min_volume: 2}
              - {id: training_silent, name: 培训事件流中断, severity: critical, type: silence, stream: training, after: 6s}
              - {id: dead_letters, name: 死信率过高, severity: warning, type: dead_letter_rate,
                 above_percent: 20, window: 8s, min_events: 20}
            """;

    /** No suppression window: every firing is notified. */
    static final String ONE_THRESHOLD = """
            rules:
              - {id: xixing_day_high, name: 西兴单日入会偏高, severity: warning, type: threshold,
                 kpi: members_joined, grain: day, slice: {street: xixing}, above: 5, suppress: 0s}
            """;

    @Test
    void eachRuleTypeFiresOnceAtTheRightMomentAndResolves() throws Exception {
        try (AlertFixture f = new AlertFixture("alerts-types", ALL_TYPES)) {
            f.sql(
                    "INSERT INTO targets (year, kpi_id, street, target) VALUES (2022, 'unions_founded_realname', '', 100)");
            long started = System.currentTimeMillis();
            JobClient job = f.start(f.config());
            ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
            try {
                // threshold: the current day's value above 5, resolved by the next day
                f.update("members_joined", "day", MARCH_1, "xixing", 3, null);
                Thread.sleep(2_000);
                assertThat(f.transitions("xixing_day_high"))
                        .as("3 is not above 5")
                        .isEmpty();
                f.update("members_joined", "day", MARCH_1, "xixing", 6, null);
                awaitTransitions(f, "xixing_day_high", "firing#1");
                f.update("members_joined", "day", MARCH_1.plusDays(1), "xixing", 1, null);
                awaitTransitions(f, "xixing_day_high", "firing#1", "resolved#2");

                // pace: 10 of 100 on 2 July (49.9 % of the year gone) is 39.9 points behind; the target revised
                // mid-year to 20 makes the same 10 half done, ahead of the year: resolved without a KPI update
                // and without a restart; an update after is judged against 20 too (30 of 20: still resolved)
                f.update("unions_founded_realname", "year", LocalDate.of(2022, 1, 1), "", 10, JULY_2);
                awaitTransitions(f, "unions_pace", "firing#1");
                f.sql("INSERT INTO targets (year, kpi_id, street, target, valid_from, changed_by, note)"
                        + " VALUES (2022, 'unions_founded_realname', '', 20, now64(3), 'AlertJobIT', '年中调整')");
                awaitTransitions(f, "unions_pace", "firing#1", "resolved#2");
                f.update("unions_founded_realname", "year", LocalDate.of(2022, 1, 1), "", 30, JULY_2);

                // spike: 2, 2, 2, then 5 (+150 % over the 3-day mean of 2); the next day 1 is no spike
                for (int d = 0; d < 3; d++) f.update("members_joined", "day", MARCH_1.plusDays(d), "", 2, null);
                Thread.sleep(2_000);
                assertThat(f.transitions("members_spike"))
                        .as("too little history: mean below min_volume")
                        .isEmpty();
                f.update("members_joined", "day", MARCH_1.plusDays(3), "", 5, null);
                awaitTransitions(f, "members_spike", "firing#1");
                f.update("members_joined", "day", MARCH_1.plusDays(4), "", 1, null);
                awaitTransitions(f, "members_spike", "firing#1", "resolved#2");

                // silence: nothing on training since the start; fired 6 s after the job's first tick, not before
                awaitTransitions(f, "training_silent", "firing#1");
                assertThat(f.at("training_silent", 1) - started).isGreaterThanOrEqualTo(6_000);
                f.records("training", 1);
                awaitTransitions(f, "training_silent", "firing#1", "resolved#2");
                heartbeat.scheduleAtFixedRate(() -> f.records("training", 1), 0, 1, TimeUnit.SECONDS);

                // dead letters: 10 against 30 + the heartbeat's records in 8 s is over 20 %; then the window empties
                f.records("enrollment", 30);
                f.records("dead-letter", 10);
                awaitTransitions(f, "dead_letters", "firing#1");
                awaitTransitions(f, "dead_letters", "firing#1", "resolved#2");

                List<String> notified = List.of(
                        "xixing_day_high#1",
                        "xixing_day_high#2",
                        "unions_pace#1",
                        "unions_pace#2",
                        "members_spike#1",
                        "members_spike#2",
                        "training_silent#1",
                        "training_silent#2",
                        "dead_letters#1",
                        "dead_letters#2");
                await().atMost(PATIENCE).until(() -> f.webhook.transitionIds().size() >= notified.size());
                assertThat(f.webhook.transitionIds()).containsExactlyInAnyOrderElementsOf(notified);
                assertThat(f.webhook.badlySigned()).isZero();
                JsonNode first =
                        f.webhook.accepted().get(f.webhook.transitionIds().indexOf("xixing_day_high#1"));
                assertThat(first.get("msgtype").asText()).isEqualTo("markdown");
                assertThat(first.get("markdown").get("title").asText()).isEqualTo("【告警】西兴单日入会偏高");
                assertThat(first.get("markdown").get("text").asText())
                        .contains("- 级别：警告")
                        .contains("- 状态：触发")
                        .contains("- 范围：xixing")
                        .contains("- 详情：2022-03-01：6，高于阈值 5");
                await().atMost(PATIENCE)
                        .until(() -> f.count("SELECT count() FROM alert_notifications FINAL") == notified.size());
                assertThat(f.alertsTopic(notified.size()))
                        .as("every transition on the alerts topic too")
                        .containsExactlyInAnyOrderElementsOf(notified);
            } finally {
                heartbeat.shutdownNow();
                job.cancel().get();
            }
        }
    }

    @Test
    void aWebhookDownFor30sGetsEveryNotificationOnceItIsBackEachOnce() throws Exception {
        try (AlertFixture f = new AlertFixture("alerts-webhook-down", ONE_THRESHOLD)) {
            int metricsPort = PrometheusScrape.freePort();
            JobClient job = f.start(f.config(PrometheusScrape.reporterSettings("config/alerts-job.yaml", metricsPort)));
            try {
                f.webhook.down();
                f.update("members_joined", "day", MARCH_1, "xixing", 6, null);
                f.update("members_joined", "day", MARCH_1.plusDays(1), "xixing", 1, null);
                awaitTransitions(f, "xixing_day_high", "firing#1", "resolved#2");
                Thread.sleep(30_000);
                assertThat(f.webhook.transitionIds()).isEmpty();
                assertThat(f.count("SELECT count() FROM alert_notifications")).isZero();

                f.webhook.up();
                await().atMost(PATIENCE).until(() -> f.webhook.transitionIds().size() >= 2);
                Thread.sleep(3_000);
                assertThat(f.webhook.transitionIds()).containsExactly("xixing_day_high#1", "xixing_day_high#2");
                await().atMost(PATIENCE).until(() -> f.count("SELECT count() FROM alert_notifications FINAL") == 2);
                assertThat(f.count("SELECT min(attempts) FROM alert_notifications FINAL"))
                        .as("retried while down")
                        .isGreaterThan(1);
                PrometheusScrape scrape = PrometheusScrape.of(metricsPort);
                assertThat(scrape.sum(
                                "flink_taskmanager_job_task_operator_notificationsDelivered",
                                Map.of("operator_name", "webhook")))
                        .isEqualTo(2);
                assertThat(scrape.sum(
                                "flink_taskmanager_job_task_operator_deliveryFailures",
                                Map.of("operator_name", "webhook")))
                        .as("the attempts while down")
                        .isGreaterThanOrEqualTo(2);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aRestartNeitherRefiresAResolvedAlertNorLosesAPendingNotification() throws Exception {
        try (AlertFixture f = new AlertFixture("alerts-restart", ONE_THRESHOLD)) {
            JobClient first = f.start(f.config());
            f.update("members_joined", "day", MARCH_1, "xixing", 6, null);
            f.update("members_joined", "day", MARCH_1.plusDays(1), "xixing", 1, null);
            awaitTransitions(f, "xixing_day_high", "firing#1", "resolved#2");
            await().atMost(PATIENCE).until(() -> f.webhook.transitionIds().size() == 2);

            f.webhook.down();
            f.update("members_joined", "day", MARCH_1.plusDays(2), "xixing", 7, null);
            awaitTransitions(f, "xixing_day_high", "firing#1", "resolved#2", "firing#3");
            Thread.sleep(3_000); // checkpoints every second: the undelivered notification is in one
            first.cancel().get();
            Path checkpoint = f.latestCheckpoint(first).orElseThrow();

            JobClient second = f.start(f.config(
                    "--execution.state-recovery.path", checkpoint.toUri().toString()));
            try {
                f.webhook.up();
                await().atMost(PATIENCE).until(() -> f.webhook.transitionIds().size() >= 3);
                Thread.sleep(5_000);
                assertThat(f.webhook.transitionIds())
                        .containsExactly("xixing_day_high#1", "xixing_day_high#2", "xixing_day_high#3");
                assertThat(f.transitions("xixing_day_high")).containsExactly("firing#1", "resolved#2", "firing#3");
            } finally {
                second.cancel().get();
            }
        }
    }

    private static void awaitTransitions(AlertFixture f, String alertId, String... expected) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> f.transitions(alertId).size() >= expected.length);
        try {
            assertThat(f.transitions(alertId)).as(alertId).containsExactly(expected);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
