package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.seeds.generator.BadRecords;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * 100,000 events over all five streams through the real job (real broker, real ClickHouse, Flink
 * MiniCluster), with re-sent copies, late and out-of-order events and 1,000 bad records of each
 * kind: every cell of kpi_latest equals the independently computed ground truth exactly.
 */
class KpiJobGroundTruthIT {
    private static final int EVENTS = 100_000;
    private static final int PER_BAD_KIND = 1_000;
    private static final Pattern RESIDENT_ID = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dX](?![0-9A-Za-z])");

    private final Set<String> residentIds = new HashSet<>();

    @Test
    void everyCellEqualsTheGroundTruthAndEveryBadRecordIsRejectedWithItsReason() throws Exception {
        // configure
        List<RosterEnterprise> roster = EnterpriseRoster.generate(2022, 3_000);
        RandomEvents generator = new RandomEvents(2022, roster);
        GroundTruth truth = new GroundTruth();
        Map<String, Long> rawPerStream = new HashMap<>();
        try (KpiJobFixture fixture = new KpiJobFixture("gt", roster)) {
            Configuration config = fixture.config();
            BadRecords bad = new BadRecords(42, generator, EventCodec.fromClasspath());
            JobClient job = fixture.start(config, fixture.sinksWithoutUpdates(config));
            try {
                // produce: a year of events in event-time order, every 100th sent twice, a bad record every 20th
                List<SpecificRecordBase> events = generator.between(
                        Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-12-28T00:00:00Z"), EVENTS);
                for (int i = 0; i < events.size(); i++) {
                    SpecificRecordBase event = events.get(i);
                    fixture.send(event);
                    count(event, truth, rawPerStream);
                    if (i % 100 == 0) fixture.send(event);
                    if (i % 20 == 10) sendBad(fixture, bad, (i / 20) % 5, event);
                }
                fixture.flush();
                awaitCells(fixture, truth.cells());

                // late events: inside the horizon they land in their own day; beyond it they are rejected as too late
                for (SpecificRecordBase late : generator.between(
                        Instant.parse("2022-12-22T00:00:00Z"), Instant.parse("2022-12-27T00:00:00Z"), 1_000)) {
                    fixture.send(late);
                    count(late, truth, rawPerStream);
                }
                for (SpecificRecordBase tooLate : generator.between(
                        Instant.parse("2022-06-01T00:00:00Z"), Instant.parse("2022-07-01T00:00:00Z"), PER_BAD_KIND)) {
                    fixture.send(tooLate);
                    workerIdOf(tooLate);
                }
                fixture.flush();
                awaitCells(fixture, truth.cells());

                // verify
                assertThat(KpiJobFixture.differences(truth.cells(), fixture.cells(), 20))
                        .isEmpty();
                for (EventStream<?> s : EventStream.all()) {
                    assertThat(fixture.count("SELECT count() FROM " + s.name() + "_events FINAL"))
                            .as(s.name())
                            .isEqualTo(rawPerStream.getOrDefault(s.name(), 0L));
                }
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(fixture.countsBy(
                                        "SELECT reason, count() FROM rejected_events FINAL GROUP BY reason"))
                                .isEqualTo(Map.of(
                                        "undecodable",
                                        (long) PER_BAD_KIND,
                                        "unknown_schema",
                                        (long) PER_BAD_KIND,
                                        "invalid_field:worker_id",
                                        (long) PER_BAD_KIND,
                                        "invalid_field:enterprise_credit_code",
                                        (long) PER_BAD_KIND,
                                        "unknown_enterprise",
                                        (long) PER_BAD_KIND,
                                        "too_late",
                                        (long) PER_BAD_KIND)));
                assertThat(fixture.count("SELECT count() FROM rejected_events FINAL WHERE topic = '' OR offset < 0"))
                        .isZero();
                // every record read is accounted for: stored, set aside as a copy (every 100th event was sent twice) or
                // rejected
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(fixture.accountedFor()).isEqualTo(fixture.sent()));
                assertThat(fixture.count("SELECT count() FROM duplicate_events FINAL"))
                        .isEqualTo(EVENTS / 100);
                List<String> deadLetters =
                        LeakScan.topicValues(fixture, "dead-letter", 6 * PER_BAD_KIND, Duration.ZERO);
                assertThat(deadLetters).hasSize(6 * PER_BAD_KIND);
                assertThat(clearIdsIn(LeakScan.withPayloads(deadLetters))).isEmpty();
                assertThat(clearIdsIn(LeakScan.allStringValues(fixture))).isEmpty();
                assertThat(clearIdsIn(List.of(LeakScan.testLog()))).isEmpty();
            } finally {
                job.cancel().get();
            }
        }
    }

    private void count(SpecificRecordBase event, GroundTruth truth, Map<String, Long> rawPerStream) {
        truth.add(event);
        rawPerStream.merge(EventStream.of(event).name(), 1L, Long::sum);
        workerIdOf(event);
    }

    private void workerIdOf(SpecificRecordBase event) {
        String id = EventStream.of(event).envelopeOf(event).getWorkerId();
        if (id != null) residentIds.add(id);
    }

    private void sendBad(KpiJobFixture fixture, BadRecords bad, int kind, SpecificRecordBase near) {
        BadRecords.BadRecord record = bad.next(
                BadRecords.Kind.values()[kind],
                EventStream.of(near).envelopeOf(near).getOccurredAt());
        if (record.clearResidentId() != null) residentIds.add(record.clearResidentId());
        fixture.sendRaw(record.stream(), record.value());
    }

    private static void awaitCells(KpiJobFixture fixture, Map<String, Long> expected) {
        long expectedSum = expected.values().stream().mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> fixture.count("SELECT count() FROM kpi_latest") == expected.size()
                        && fixture.count("SELECT toInt64(sum(value) * 100) FROM kpi_latest") == expectedSum);
    }

    private List<String> clearIdsIn(List<String> texts) {
        List<String> found = new ArrayList<>();
        for (String text : texts) {
            if (text == null) continue;
            Matcher m = RESIDENT_ID.matcher(text);
            while (m.find()) {
                if (residentIds.contains(m.group())) found.add(m.group());
            }
        }
        return found;
    }
}
