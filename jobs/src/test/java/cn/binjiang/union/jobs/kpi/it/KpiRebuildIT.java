package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * A KPI added to the catalog mid-year, then rebuilt from the raw tables (real broker, real ClickHouse, Flink
 * MiniCluster): its cells equal the ground truth, the job's next events add to the rebuilt values (after a savepoint
 * resume, re-sent copies, late events, and a kill and restart from a checkpoint), and rebuilding a KPI that was
 * intact, or every KPI, changes no cell.
 */
class KpiRebuildIT {
    private static final String ADDED = "certificates_earned";
    private static final String INTACT = "members_joined";
    private static final int PER_QUARTER = 4_000;

    @Test
    void aKpiAddedMidYearIsRebuiltExactAndCountsOnFromThere() throws Exception {
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
            Configuration withKpi = fixture.resumedFrom(oldCatalogState);
            job = fixture.start(withKpi, fixture.sinksWithoutUpdates(withKpi));
            List<SpecificRecordBase> thirdQuarter = generator.between(at("2022-07-01"), at("2022-10-01"), PER_QUARTER);
            send(fixture, truth, thirdQuarter);
            fixture.flush();
            awaitOthersExact(fixture, truth);
            assertThat(fixture.cells().get(yearCell(ADDED)))
                    .as("before the rebuild the added KPI holds only what came after it was added")
                    .isLessThan(truth.cells().get(yearCell(ADDED)));
            String partial = fixture.stopWithSavepoint(job);

            // rebuild: the added KPI's cells equal the ground truth
            String rebuilt = fixture.rebuild(withKpi, ADDED).from(partial);
            assertThat(KpiJobFixture.differences(truth.cells(), fixture.cells(), 10))
                    .as("every cell after rebuilding " + ADDED)
                    .isEmpty();

            // rebuilding an intact KPI changes no cell
            Map<String, Long> intact = fixture.cells();
            String rebuiltAgain = fixture.rebuild(withKpi, INTACT).from(rebuilt);
            assertThat(fixture.cells())
                    .as("every cell after rebuilding " + INTACT)
                    .isEqualTo(intact);

            // the job resumed from the rebuilt state counts on from the rebuilt values: new events, copies of
            // events it counted before the rebuild, and late ones within the horizon
            Configuration resumed = fixture.resumedFrom(rebuiltAgain);
            job = fixture.start(resumed, fixture.sinksWithoutUpdates(resumed));
            List<SpecificRecordBase> lastQuarter = generator.between(at("2022-10-01"), at("2022-12-28"), PER_QUARTER);
            send(fixture, truth, lastQuarter.subList(0, PER_QUARTER / 2));
            thirdQuarter.stream().skip(PER_QUARTER - 300).forEach(fixture::send);
            fixture.flush();
            fixture.awaitAccountedAndExact(truth.cells());

            // killed and restarted from its last checkpoint, the rest of the quarter sent twice
            fixture.awaitFreshCheckpoint();
            KpiJobFixture.stop(job);
            Configuration restored = fixture.resumedFrom(fixture.latestCheckpoint());
            job = fixture.start(restored, fixture.sinksWithoutUpdates(restored));
            List<SpecificRecordBase> rest = lastQuarter.subList(PER_QUARTER / 2, PER_QUARTER);
            send(fixture, truth, rest);
            rest.forEach(fixture::send);
            generator.between(at("2022-12-23"), at("2022-12-27"), 300).forEach(late -> send(fixture, truth, late));
            fixture.flush();
            fixture.awaitAccountedAndExact(truth.cells());

            // every KPI of every stream rebuilt (each raw table read back: decimals, enums, counts of every kind)
            String everything = fixture.stopWithSavepoint(job);
            fixture.rebuild(restored).from(everything);
            assertThat(KpiJobFixture.differences(truth.cells(), fixture.cells(), 10))
                    .as("every cell after rebuilding every KPI")
                    .isEmpty();
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
