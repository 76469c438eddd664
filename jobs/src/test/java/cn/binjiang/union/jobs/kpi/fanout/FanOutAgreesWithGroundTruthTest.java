package cn.binjiang.union.jobs.kpi.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.intake.Enterprise;
import cn.binjiang.union.jobs.kpi.intake.EventValidator;
import cn.binjiang.union.jobs.kpi.intake.InMemoryReferenceData;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/** The catalog-driven fan-out and the hand-written ground truth agree on every cell of 20,000 random events. */
class FanOutAgreesWithGroundTruthTest {

    @Test
    void everyCellOfTwentyThousandRandomEventsAgrees() {
        List<RosterEnterprise> roster = EnterpriseRoster.generate(11, 300);
        List<SpecificRecordBase> events = new RandomEvents(11, roster)
                .between(Instant.parse("2021-01-01T00:00:00Z"), Instant.parse("2023-01-01T00:00:00Z"), 20_000);
        EventValidator validator = new EventValidator(
                InMemoryReferenceData.of(
                        List.of(Street.XIXING, Street.CHANGHE, Street.PUYAN),
                        roster.stream()
                                .map(e -> new Enterprise(e.creditCode(), e.street(), e.industry(), e.employeeCount()))
                                .toList()),
                Duration.ofMinutes(5),
                Clock.systemUTC());
        KpiFanOut fanOut = new KpiFanOut(KpiCatalog.fromClasspath());
        GroundTruth truth = new GroundTruth();
        Map<String, Long> cells = new HashMap<>();

        for (SpecificRecordBase event : events) {
            assertThat(validator.firstProblem(EventStream.of(event), event))
                    .as("generated events are valid: %s", event)
                    .isEmpty();
            truth.add(event);
            for (KpiContribution c : fanOut.contributions(event)) {
                String key = String.join(
                        "|",
                        c.kpiId(),
                        c.grain(),
                        LocalDate.ofEpochDay(c.bucket()).toString(),
                        c.street(),
                        c.industry(),
                        c.employmentForm(),
                        c.category());
                cells.merge(key, c.delta(), Long::sum);
            }
        }

        assertThat(cells).hasSizeGreaterThan(50_000).isEqualTo(truth.cells());
    }
}
