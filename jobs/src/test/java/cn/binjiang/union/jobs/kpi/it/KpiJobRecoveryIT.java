package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.jobs.kpi.KpiJob;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.truth.GroundTruth;
import cn.binjiang.union.testkit.TestClickHouse;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The job's totals stay exact through task crashes (restore from checkpoint), a ClickHouse outage
 * (back-pressure), and stops and restarts across which events are re-sent or arrive months late.
 */
class KpiJobRecoveryIT {
    private static final int EVENTS = 20_000;
    private static final Instant YEAR_START = Instant.parse("2022-01-01T00:00:00Z");
    private static final Instant DECEMBER = Instant.parse("2022-12-01T00:00:00Z");

    @Test
    void reSentAndMonthsOldEventsAcrossAStopAndASavepointResumeAtAnotherParallelismChangeNoCell() throws Exception {
        // configure: checkpoints kept on cancel, as ./platform job stop leaves them
        List<RosterEnterprise> roster = EnterpriseRoster.generate(5, 500);
        RandomEvents generator = new RandomEvents(5, roster);
        List<SpecificRecordBase> year = generator.between(YEAR_START, DECEMBER, 10_000);
        GroundTruth truth = new GroundTruth();
        try (KpiJobFixture fixture = new KpiJobFixture("restart", roster)) {
            Configuration config = fixture.restartableConfig();
            JobClient job = fixture.start(config, fixture.sinksWithoutUpdates(config));
            sendAll(fixture, year, truth);
            fixture.awaitAccountedAndExact(truth.cells());
            // a checkpoint after the watermark has passed the year: deduplication ids and cells of early 2022 are
            // expired
            fixture.awaitFreshCheckpoint();
            KpiJobFixture.stop(job);

            // produce while the job is down: the year again, same ids, and months-old events never sent before
            year.forEach(fixture::send);
            generator
                    .between(Instant.parse("2022-03-01T00:00:00Z"), Instant.parse("2022-04-01T00:00:00Z"), 500)
                    .forEach(fixture::send);
            fixture.flush();
            config = fixture.restartableConfig("--execution.state-recovery.path", fixture.latestCheckpoint());
            job = fixture.start(config, fixture.sinksWithoutUpdates(config));

            // verify: every cell as before, each old or re-sent record rejected as too late or set aside as a duplicate
            fixture.awaitAccountedAndExact(truth.cells());
            assertThat(fixture.count("SELECT count() FROM rejected_events FINAL WHERE reason = 'too_late'")
                            + fixture.count("SELECT count() FROM duplicate_events FINAL"))
                    .isEqualTo(10_500);
            assertThat(fixture.count("SELECT count() FROM duplicate_events FINAL"))
                    .as("copies still remembered")
                    .isPositive();
            assertThat(fixture.countsBy("SELECT reason, count() FROM rejected_events FINAL GROUP BY reason"))
                    .containsOnlyKeys("too_late");

            // a savepoint, and a resume at parallelism 3 that meets far-late copies mixed with December's new events:
            // alignment pauses the partitions that run ahead of the ones holding the old copies
            String savepoint = fixture.stopWithSavepoint(job);
            config = fixture.restartableConfig(
                    "--parallelism.default", "3", "--execution.state-recovery.path", savepoint);
            job = fixture.start(config, fixture.sinksWithoutUpdates(config));
            List<SpecificRecordBase> december =
                    generator.between(DECEMBER, Instant.parse("2022-12-10T00:00:00Z"), 1_000);
            for (int i = 0; i < december.size(); i++) {
                fixture.send(december.get(i));
                truth.add(december.get(i));
                if (i % 2 == 0) fixture.send(year.get(i * 10));
            }
            fixture.flush();

            fixture.awaitAccountedAndExact(truth.cells());
            assertThat(fixture.count("SELECT count() FROM rejected_events FINAL WHERE reason = 'too_late'")
                            + fixture.count("SELECT count() FROM duplicate_events FINAL"))
                    .isEqualTo(10_500 + 500);
            assertThat(Files.readString(Path.of("target/logs/jobs-it.log")))
                    .contains("restored from checkpoint", "are rejected as too late (late horizon PT168H)");
            job.cancel().get();
        }
    }

    @Test
    void crashesAtThreeRandomPointsRestoreFromCheckpointToExactlyTheSameTotals() throws Exception {
        // configure: every cell is written at least once, so crash points below the cell count are all reached
        List<RosterEnterprise> roster = EnterpriseRoster.generate(3, 500);
        List<SpecificRecordBase> events = new RandomEvents(3, roster)
                .between(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-12-01T00:00:00Z"), EVENTS);
        GroundTruth truth = new GroundTruth();
        events.forEach(truth::add);
        int cells = truth.cells().size();
        Random random = new Random(3);
        CrashingSink.ROWS.set(0);
        CrashingSink.CRASHES.set(0);
        CrashingSink.CRASH_POINTS.clear();
        for (int third = 0; third < 3; third++) {
            CrashingSink.CRASH_POINTS.add((long) (cells * (third + random.nextDouble()) / 3));
        }
        try (KpiJobFixture fixture = new KpiJobFixture("crash", roster)) {
            Configuration config = fixture.config(
                    "--execution.checkpointing.interval",
                    "1 s",
                    "--restart-strategy.type",
                    "fixed-delay",
                    "--restart-strategy.fixed-delay.attempts",
                    "10",
                    "--restart-strategy.fixed-delay.delay",
                    "1 s");
            KpiJob.Sinks real = fixture.sinksWithoutUpdates(config);
            KpiJob.Sinks sinks = new KpiJob.Sinks(
                    new CrashingSink<>(real.kpiValues()),
                    real.kpiUpdates(),
                    real.rejectedEvents(),
                    real.deadLetterTopic(),
                    real.duplicateEvents(),
                    real.rawEvents());
            JobClient job = fixture.start(config, sinks);
            try {
                // produce
                events.forEach(fixture::send);
                fixture.flush();

                // verify
                awaitExact(fixture, truth);
                assertThat(CrashingSink.CRASHES.get()).isEqualTo(3);
                assertThat(CrashingSink.CRASH_POINTS).isEmpty();
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void clickHouseDownForTwentySecondsMidStreamGivesTheSameTotalsWithoutARestart() throws Exception {
        // configure: a ClickHouse of this test's own, so that it can be stopped
        List<RosterEnterprise> roster = EnterpriseRoster.generate(4, 500);
        Path dataDir = Files.createTempDirectory(Path.of("target"), "outage-clickhouse-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedClickHouseProcess clickhouse =
                EmbeddedClickHouseProcess.builder(dataDir).port(port).start();
        try (KpiJobFixture fixture =
                new KpiJobFixture("outage", roster, TestClickHouse.at("127.0.0.1", port, "default", ""))) {
            // no restarts allowed: a failure during the outage would fail the job
            Configuration config =
                    fixture.config("--restart-strategy.type", "none", "--clickhouse.sink.max-backoff", "2 s");
            JobClient job = fixture.start(config, fixture.sinksWithoutUpdates(config));
            try {
                RandomEvents generator = new RandomEvents(4, roster);
                GroundTruth truth = new GroundTruth();
                List<SpecificRecordBase> events = generator.between(
                        Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-12-01T00:00:00Z"), EVENTS);
                sendAll(fixture, events.subList(0, EVENTS / 2), truth);
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> fixture.count("SELECT count() FROM kpi_values") > 1_000);

                assertThat(clickhouse.stop()).isZero();
                sendAll(fixture, events.subList(EVENTS / 2, EVENTS), truth);
                Thread.sleep(20_000);
                assertThat(job.getJobStatus().get())
                        .as("the job waits for ClickHouse, it does not fail")
                        .isEqualTo(JobStatus.RUNNING);
                clickhouse =
                        EmbeddedClickHouseProcess.builder(dataDir).port(port).start();

                awaitExact(fixture, truth);
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        } finally {
            clickhouse.close();
        }
    }

    private static void sendAll(KpiJobFixture fixture, List<SpecificRecordBase> events, GroundTruth truth) {
        for (SpecificRecordBase e : events) {
            fixture.send(e);
            truth.add(e);
        }
        fixture.flush();
    }

    private static void awaitExact(KpiJobFixture fixture, GroundTruth truth) throws java.sql.SQLException {
        Map<String, Long> expected = truth.cells();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(3))
                .ignoreExceptions()
                .until(() ->
                        KpiJobFixture.differences(expected, fixture.cells(), 1).isEmpty());
        for (EventStream<?> stream : EventStream.all()) {
            assertThat(fixture.count("SELECT count() FROM " + stream.name() + "_events FINAL"))
                    .as(stream.name())
                    .isPositive();
        }
    }
}
