package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.jobs.kpi.KpiJobMain;
import cn.binjiang.union.jobs.metrics.PrometheusScrape;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The figures an operator watches (README, "Metrics"), scraped from the KPI job's MiniCluster through
 * the Prometheus reporter that {@code jobs/config/local.yaml} configures for {@code ./platform job start}.
 */
class KpiJobMetricsIT {
    private static final Map<String, String> INTAKE = Map.of("operator_name", "Source: intake");
    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    private static final String JOB = "flink_jobmanager_job_";

    @Test
    void aScrapeShowsLagWatermarksCheckpointsSinksRejectionsByReasonAndDuplicates() throws Exception {
        // configure
        List<RosterEnterprise> roster = EnterpriseRoster.generate(3, 50);
        RandomEvents generator = new RandomEvents(3, roster);
        int port = PrometheusScrape.freePort();
        try (KpiJobFixture fixture = new KpiJobFixture("metrics", roster)) {
            Configuration config = fixture.config(PrometheusScrape.reporterSettings("config/local.yaml", port));
            JobClient job = fixture.start(config, KpiJobMain.sinks(config));
            try {
                // produce: a week of May 2022 with one event sent twice and one record without a value,
                // then, once the watermark has passed that week, an event of March: too late
                List<SpecificRecordBase> may = generator.between(
                        Instant.parse("2022-05-01T00:00:00Z"), Instant.parse("2022-05-08T00:00:00Z"), 40);
                may.forEach(fixture::send);
                fixture.send(may.get(0));
                fixture.sendRaw("enrollment", new byte[0]);
                fixture.flush();
                fixture.awaitAccounted();
                // the late cut-off follows the filter's input watermark, which waits for every partition (or its
                // idleness)
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions()
                        .untilAsserted(() -> assertThat(PrometheusScrape.of(port)
                                        .find(
                                                OPERATOR + "currentInputWatermark",
                                                Map.of("operator_name", "reject-too-late")))
                                .hasSize(2)
                                .allMatch(s -> s.value()
                                        >= Instant.parse("2022-05-01T00:00:00Z").toEpochMilli()));
                generator
                        .between(Instant.parse("2022-03-01T00:00:00Z"), Instant.parse("2022-03-02T00:00:00Z"), 1)
                        .forEach(fixture::send);
                fixture.flush();
                fixture.awaitAccounted();

                // verify
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions()
                        .untilAsserted(() -> {
                            PrometheusScrape scrape = PrometheusScrape.of(port);
                            // consumer lag: per source subtask what its consumer has yet to read; per partition where
                            // it reads
                            // and commits
                            assertThat(scrape.find(OPERATOR + "pendingRecords"))
                                    .hasSize(2)
                                    .allMatch(s -> s.value() == 0);
                            // (the intake's: kpi rebuild's adjustments come through a Kafka source of their own)
                            assertThat(scrape.find(
                                            OPERATOR + "KafkaSourceReader_KafkaConsumer_records_lag_max", INTAKE))
                                    .hasSize(2);
                            assertThat(scrape.find(
                                            OPERATOR + "KafkaSourceReader_topic_partition_currentOffset", INTAKE))
                                    .hasSize(5 * KpiJobFixture.PARTITIONS);
                            assertThat(scrape.sum(
                                            OPERATOR + "KafkaSourceReader_topic_partition_committedOffset",
                                            Map.of("topic", fixture.prefix + "enrollment")))
                                    .isPositive();
                            // event time: the sources' watermarks behind the wall clock (the events are from 2022), per
                            // subtask
                            // and per partition
                            assertThat(scrape.find(OPERATOR + "watermarkLag"))
                                    .hasSize(2)
                                    .allMatch(s ->
                                            s.value() > Duration.ofDays(365).toMillis());
                            assertThat(scrape.find(
                                            OPERATOR + "split_watermark_currentWatermark",
                                            Map.of("split", fixture.prefix + "enrollment-0")))
                                    .singleElement()
                                    .matches(s -> s.value()
                                            >= Instant.parse("2022-03-01T00:00:00Z")
                                                    .toEpochMilli());
                            // checkpoints (a trigger refused while the tasks are still being deployed counts as failed)
                            assertThat(scrape.find(JOB + "numberOfCompletedCheckpoints"))
                                    .singleElement()
                                    .matches(s -> s.value() >= 1);
                            assertThat(scrape.find(JOB + "numberOfFailedCheckpoints"))
                                    .singleElement()
                                    .matches(s -> s.value() >= 0);
                            assertThat(scrape.find(JOB + "lastCheckpointDuration"))
                                    .singleElement()
                                    .matches(s -> s.value() >= 0);
                            // the ClickHouse sinks: rows, batch latency, no retries
                            assertThat(scrape.sum(
                                            OPERATOR + "rowsWritten",
                                            Map.of("operator_name", "enrollment-events-table: Writer")))
                                    .isPositive();
                            assertThat(scrape.sum(
                                            OPERATOR + "flushLatencyMs_count",
                                            Map.of("operator_name", "kpi-values-table: Writer")))
                                    .isPositive();
                            assertThat(scrape.find(
                                            OPERATOR + "flushLatencyMs",
                                            Map.of("operator_name", "kpi-values-table: Writer", "quantile", "0.99")))
                                    .isNotEmpty();
                            assertThat(scrape.sum(OPERATOR + "retries")).isZero();
                            // every rejection once, under one name whichever operator rejected it; the copy once
                            assertThat(scrape.sum(OPERATOR + "reason_eventsRejected", Map.of("reason", "undecodable")))
                                    .isEqualTo(1);
                            assertThat(scrape.sum(OPERATOR + "reason_eventsRejected", Map.of("reason", "too_late")))
                                    .isEqualTo(1);
                            assertThat(scrape.sum(OPERATOR + "reason_eventsRejected"))
                                    .isEqualTo(2);
                            assertThat(scrape.sum(OPERATOR + "eventsDuplicated"))
                                    .isEqualTo(1);
                        });
            } finally {
                job.cancel().get();
            }
        }
    }
}
