package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.jobs.kpi.rebuild.RunningJob;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * A KPI added to the catalog mid-year, then rebuilt from the raw tables while the KPI job runs on (real broker, real
 * ClickHouse, Flink MiniCluster): its cells equal the ground truth with events flowing during the rebuild, the job's
 * next events add to the rebuilt values, rebuilding an intact KPI changes no cell, and the totals stay exact when the
 * job is killed between the rebuild's savepoint and its adjustments, or between the adjustments and their checkpoint,
 * with copies and late events sent after the restart.
 */
class KpiRebuildIT {
    private static final String ADDED = "certificates_earned";
    private static final String INTACT = "members_joined";
    private static final int PER_QUARTER = 4_000;
    /**
     * Longer than the test: every cell the job counted is still in its state, so rebuilding an exact KPI must change
     * none (a cell let go is written again, as the same value).
     */
    private static final String GRACE = "1 h";

    @Test
    void aKpiAddedMidYearIsRebuiltExactWhileTheJobRunsOn() throws Exception {
        List<RosterEnterprise> roster = EnterpriseRoster.generate(2022, 2_000);
        RandomEvents generator = new RandomEvents(2022, roster);
        GroundTruth truth = new GroundTruth();
        try (KpiJobFixture fixture = new KpiJobFixture("rebuild", roster)) {
            Path before = Files.writeString(
                    Files.createTempFile(Path.of("target"), "catalog-without-" + ADDED, ".yaml"),
                    catalogWithout(ADDED));
            Configuration withoutKpi = fixture.restartableConfig("--kpi.catalog", before.toString());

            // the first half-year, counted by a job whose catalog does not have the KPI yet
            JobClient job = fixture.start(withoutKpi, fixture.sinksWithoutUpdates(withoutKpi));
            send(fixture, truth, generator.between(at("2022-01-01"), at("2022-04-01"), PER_QUARTER));
            send(fixture, truth, generator.between(at("2022-04-01"), at("2022-07-01"), PER_QUARTER));
            fixture.flush();
            fixture.awaitAccountedAndExact(without(truth.cells(), ADDED));
            String oldCatalogState = fixture.stopWithSavepoint(job);

            // the KPI added: the job resumes with the new catalog and counts the KPI from its next event on
            Configuration withKpi = fixture.restartableConfig(
                    "--execution.state-recovery.path", oldCatalogState, "--kpi.cell-grace", GRACE);
            AtomicReference<JobClient> running =
                    new AtomicReference<>(fixture.start(withKpi, fixture.sinksWithoutUpdates(withKpi)));
            List<SpecificRecordBase> thirdQuarter = generator.between(at("2022-07-01"), at("2022-10-01"), PER_QUARTER);
            send(fixture, truth, thirdQuarter);
            fixture.flush();
            awaitOthersExact(fixture, truth);
            assertThat(fixture.cells().get(yearCell(ADDED)))
                    .as("before the rebuild the added KPI holds only what came after it was added")
                    .isLessThan(truth.cells().get(yearCell(ADDED)));

            // rebuilt while the fourth quarter's first events flow in: every cell equals the ground truth
            List<SpecificRecordBase> lastQuarter = generator.between(at("2022-10-01"), at("2022-12-28"), PER_QUARTER);
            try (Trickle during = new Trickle(fixture, truth, lastQuarter.subList(0, 1_000))) {
                assertThat(fixture.rebuild(withKpi, ADDED).run(fixture.running(running.get())))
                        .as("cells the rebuild changed")
                        .isPositive();
            }
            fixture.flush();
            fixture.awaitAccountedAndExact(truth.cells());

            // rebuilding an intact KPI changes no cell, though events came in after its cut: the job's rows for them
            // stand
            RunningJob eventsAfterItsSavepoint = directory -> {
                String savepoint = fixture.running(running.get()).savepoint(directory);
                send(fixture, truth, lastQuarter.subList(1_000, 1_300));
                fixture.flush();
                fixture.awaitAccountedAndExact(truth.cells());
                return savepoint;
            };
            assertThat(fixture.rebuild(withKpi, INTACT).run(eventsAfterItsSavepoint))
                    .as("cells changed by rebuilding " + INTACT)
                    .isZero();
            assertThat(KpiJobFixture.differences(truth.cells(), fixture.cells(), 10))
                    .as("every cell after rebuilding " + INTACT)
                    .isEmpty();

            // killed between the rebuild's savepoint and its adjustments, and restarted from a checkpoint older than
            // the savepoint, with new events, and copies of counted ones, sent while it was down: the adjustments can
            // reach the job before its replay has counted up to the cut again
            fixture.awaitFreshCheckpoint();
            lostCells(fixture, ADDED);
            RunningJob killedAfterItsSavepoint = directory -> {
                String savepoint = fixture.running(running.get()).savepoint(directory);
                KpiJobFixture.stop(running.get());
                send(fixture, truth, lastQuarter.subList(1_300, 2_000));
                lastQuarter.subList(0, 300).forEach(fixture::send);
                fixture.flush();
                running.set(startFromLatestCheckpoint(fixture));
                return savepoint;
            };
            assertThat(fixture.rebuild(withKpi, ADDED).run(killedAfterItsSavepoint))
                    .isPositive();
            fixture.awaitAccountedAndExact(truth.cells());

            // killed once the adjustments are committed, before a checkpoint holds them (or just after); the rest of
            // the quarter, copies of it and late events sent while it was down
            lostCells(fixture, ADDED);
            long committedBefore = fixture.adjustmentsCommitted();
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> rebuild =
                        background.submit(() -> fixture.rebuild(withKpi, ADDED).run(fixture.running(running.get())));
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> fixture.adjustmentsCommitted() > committedBefore || rebuild.isDone());
                KpiJobFixture.stop(running.get());
                List<SpecificRecordBase> rest = lastQuarter.subList(2_000, PER_QUARTER);
                send(fixture, truth, rest);
                rest.forEach(fixture::send);
                generator.between(at("2022-12-23"), at("2022-12-27"), 300).forEach(late -> send(fixture, truth, late));
                fixture.flush();
                running.set(startFromLatestCheckpoint(fixture));
                assertThat(rebuild.get(5, TimeUnit.MINUTES)).isPositive();
            } finally {
                background.shutdownNow();
            }
            fixture.awaitAccountedAndExact(truth.cells());

            // every KPI of every stream rebuilt (each raw table read back: decimals, enums, counts of every kind)
            assertThat(fixture.rebuild(withKpi).run(fixture.running(running.get())))
                    .as("cells changed by rebuilding every KPI of exact totals")
                    .isZero();
            assertThat(KpiJobFixture.differences(truth.cells(), fixture.cells(), 10))
                    .as("every cell after rebuilding every KPI")
                    .isEmpty();
            KpiJobFixture.stop(running.get());
        }
    }

    /**
     * The job started again from its newest checkpoint. With everything sent before, the way a job restarted after an
     * outage finds its backlog: events sent to a job idle for longer than kpi.source-idleness can be too late (a
     * partition whose first batch comes a moment after another's is behind a watermark that partition has moved on).
     */
    private static JobClient startFromLatestCheckpoint(KpiJobFixture fixture) throws Exception {
        Configuration restored = fixture.restartableConfig(
                "--execution.state-recovery.path", fixture.latestCheckpoint(), "--kpi.cell-grace", GRACE);
        return fixture.start(restored, fixture.sinksWithoutUpdates(restored));
    }

    /** The KPI's rows deleted from kpi_values (its state kept): what a rebuild must bring back. */
    private static void lostCells(KpiJobFixture fixture, String kpi) throws Exception {
        fixture.execute("ALTER TABLE kpi_values DELETE WHERE kpi_id = '" + kpi + "' SETTINGS mutations_sync = 1");
        assertThat(fixture.cells().get(yearCell(kpi))).isNull();
    }

    /** Events sent a few at a time on a thread of its own, until all are sent; close waits for the last. */
    private static final class Trickle implements AutoCloseable {
        private final Thread sender;

        Trickle(KpiJobFixture fixture, GroundTruth truth, List<SpecificRecordBase> events) {
            sender = new Thread(() -> {
                for (int i = 0; i < events.size(); i++) {
                    send(fixture, truth, events.get(i));
                    if (i % 20 == 19) {
                        fixture.flush();
                        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    }
                }
            });
            sender.start();
        }

        @Override
        public void close() throws InterruptedException {
            sender.join();
        }
    }

    private static void send(KpiJobFixture fixture, GroundTruth truth, List<SpecificRecordBase> events) {
        events.forEach(event -> send(fixture, truth, event));
    }

    private static void send(KpiJobFixture fixture, GroundTruth truth, SpecificRecordBase event) {
        fixture.send(event);
        truth.add(event);
    }

    /** Every record accounted for and every KPI but the added one exact. */
    private static void awaitOthersExact(KpiJobFixture fixture, GroundTruth truth) {
        await().atMost(Duration.ofMinutes(4)).ignoreExceptions().untilAsserted(() -> {
            assertThat(fixture.accountedFor()).isEqualTo(fixture.sent());
            assertThat(KpiJobFixture.differences(without(truth.cells(), ADDED), without(fixture.cells(), ADDED), 5))
                    .isEmpty();
        });
    }

    private static Map<String, Long> without(Map<String, Long> cells, String kpi) {
        return cells.entrySet().stream()
                .filter(cell -> !cell.getKey().startsWith(kpi + "|"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, HashMap::new));
    }

    private static String yearCell(String kpi) {
        return kpi + "|year|2022-01-01||||";
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T00:00:00+08:00");
    }

    private static String shippedCatalog() throws IOException {
        try (InputStream yaml = KpiCatalog.class.getClassLoader().getResourceAsStream(KpiCatalog.RESOURCE)) {
            return new String(yaml.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The shipped catalog with one KPI's entry cut out. */
    private static String catalogWithout(String kpi) throws IOException {
        String without = shippedCatalog().replaceAll("(?ms)^  - id: " + kpi + "\\n.*?(?=^  - id: |^  # ----|\\z)", "");
        assertThat(KpiCatalog.fromYaml(without).byId(kpi)).isEmpty();
        return without;
    }
}
