package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.codec.EventDecodeException;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Corrections and withdrawals (real broker, real ClickHouse, Flink MiniCluster): the KPIs count each event's newest
 * revision exactly, whatever order revisions arrive in, re-sent copies and a kill and restart included; a revision
 * beyond the late horizon is stored and rejected as {@code revision_too_late}, not counted live, and
 * {@code kpi rebuild} applies it; the raw tables keep every revision.
 */
class CorrectionsIT {
    private static final Street[] STREETS = {Street.XIXING, Street.CHANGHE, Street.PUYAN};
    private static final EventCodec CODEC = EventCodec.fromClasspath();

    /** Every revision sent, by event id, in the order sent. */
    private final Map<String, List<SpecificRecordBase>> sentRevisions = new LinkedHashMap<>();
    /** Per event id, the highest revision the live job can count; the late ones are left out. */
    private final Map<String, SpecificRecordBase> countedLive = new LinkedHashMap<>();
    /** Per event id, the highest revision stored, the late ones included: what a rebuild counts. */
    private final Map<String, SpecificRecordBase> newestStored = new LinkedHashMap<>();

    @Test
    void theKpisCountTheNewestRevisionAndARebuildAppliesTheOnesTooLateToCountLive() throws Exception {
        List<RosterEnterprise> roster = EnterpriseRoster.generate(2022, 2_000);
        RandomEvents generator = new RandomEvents(2023, roster);
        try (KpiJobFixture fixture = new KpiJobFixture("corrections", roster)) {
            Configuration config = fixture.restartableConfig();
            JobClient job = fixture.start(config, fixture.sinksWithoutUpdates(config));

            // six days of events, all within the late horizon of the newest
            List<SpecificRecordBase> base = generator.between(at("2022-02-23"), at("2022-03-01"), 2_000);
            base.forEach(event -> send(fixture, event, true));
            // corrections moving the event to another street and a day later; withdrawals; a correction arriving
            // before the revision it supersedes; a withdrawal undone by a later correction; copies of corrections
            for (SpecificRecordBase event : base.subList(0, 200)) {
                send(fixture, corrected(event, 1, 1), true);
            }
            for (SpecificRecordBase event : base.subList(200, 300)) {
                send(fixture, withdrawn(event, 1), true);
            }
            for (SpecificRecordBase event : base.subList(300, 400)) {
                send(fixture, corrected(event, 2, 0), true);
                send(fixture, corrected(event, 1, 1), true);
            }
            for (SpecificRecordBase event : base.subList(400, 450)) {
                send(fixture, withdrawn(event, 1), true);
                send(fixture, corrected(event, 2, 1), true);
            }
            base.subList(0, 100).forEach(event -> resend(fixture, event, 1));
            fixture.flush();
            fixture.awaitAccountedAndExact(truthOf(countedLive));
            assertThat(fixture.count("SELECT count() FROM duplicate_events FINAL"))
                    .as("the re-sent corrections")
                    .isEqualTo(100);

            // killed and restarted from its last checkpoint: every revision sent again, and more corrections
            fixture.awaitFreshCheckpoint();
            KpiJobFixture.stop(job);
            Configuration restored = fixture.resumedFrom(fixture.latestCheckpoint());
            job = fixture.start(restored, fixture.sinksWithoutUpdates(restored));
            List<SpecificRecordBase> everything =
                    sentRevisions.values().stream().flatMap(List::stream).toList();
            everything.forEach(fixture::send);
            for (SpecificRecordBase event : base.subList(0, 50)) {
                send(fixture, corrected(event, 3, 2), true);
            }
            for (SpecificRecordBase event : base.subList(450, 550)) {
                send(fixture, withdrawn(event, 5), true);
            }
            fixture.flush();
            fixture.awaitAccountedAndExact(truthOf(countedLive));

            // ten days later: revisions of the first days are beyond the late horizon, stored but not counted live
            generator.between(at("2022-03-10"), at("2022-03-20"), 1_000).forEach(event -> send(fixture, event, true));
            fixture.flush();
            fixture.awaitAccountedAndExact(truthOf(countedLive));
            for (SpecificRecordBase event : base.subList(550, 630)) {
                send(fixture, corrected(event, 1, 0), false);
            }
            for (SpecificRecordBase event : base.subList(630, 670)) {
                send(fixture, withdrawn(event, 1), false);
            }
            fixture.flush();
            fixture.awaitAccountedAndExact(truthOf(countedLive));
            assertThat(fixture.countsBy("SELECT reason, count() FROM rejected_events FINAL GROUP BY reason"))
                    .isEqualTo(Map.of("revision_too_late", 120L));
            assertAuditTrail(fixture);

            // the rebuild applies them, the job running on: every cell as the newest stored revisions say
            assertThat(fixture.rebuild(restored).run(fixture.running(job))).isPositive();
            assertThat(KpiJobFixture.differences(truthOf(newestStored), fixture.cells(), 10))
                    .as("every cell once the rebuild returns")
                    .isEmpty();

            // and the job counts the next correction on top of it
            SpecificRecordBase lateDay = newestStored.values().stream()
                    .filter(e -> envelope(e).getOccurredAt().isAfter(at("2022-03-19")))
                    .findFirst()
                    .orElseThrow();
            send(fixture, corrected(lateDay, 1, 0), true);
            fixture.flush();
            fixture.awaitAccountedAndExact(truthOf(newestStored));
            KpiJobFixture.stop(job);
        }
    }

    /** Every revision stored once, with who sent it; the views hold the newest, withdrawn events left out. */
    private void assertAuditTrail(KpiJobFixture fixture) throws Exception {
        long revisions = sentRevisions.values().stream()
                .mapToLong(list -> list.stream()
                        .map(e -> envelope(e).getRevision())
                        .distinct()
                        .count())
                .sum();
        long standing = newestStored.values().stream()
                .filter(e -> !envelope(e).getWithdrawn())
                .count();
        assertThat(fixture.count(sumOverStreams("SELECT count() FROM %s_events FINAL")))
                .isEqualTo(revisions);
        assertThat(fixture.count(sumOverStreams("SELECT count() FROM %s_events_current")))
                .isEqualTo(standing);
        assertThat(
                        fixture.count(
                                sumOverStreams(
                                        "SELECT count() FROM %s_events FINAL WHERE revision > 0 AND source_system = 'corrections-desk'")))
                .isEqualTo(revisions - sentRevisions.size());
    }

    private static String sumOverStreams(String perStream) {
        return "SELECT sum(c) FROM ("
                + String.join(
                        " UNION ALL ",
                        EventStream.all().stream()
                                .map(s ->
                                        String.format(perStream, s.name()).replaceFirst("count\\(\\)", "count() AS c"))
                                .toList())
                + ")";
    }

    private void send(KpiJobFixture fixture, SpecificRecordBase revision, boolean countsLive) {
        fixture.send(revision);
        String id = envelope(revision).getEventId().toString();
        sentRevisions.computeIfAbsent(id, k -> new ArrayList<>()).add(revision);
        if (countsLive) newest(countedLive, id, revision);
        newest(newestStored, id, revision);
    }

    private void resend(KpiJobFixture fixture, SpecificRecordBase event, int revision) {
        String id = envelope(event).getEventId().toString();
        fixture.send(sentRevisions.get(id).stream()
                .filter(e -> envelope(e).getRevision() == revision)
                .findFirst()
                .orElseThrow());
    }

    private static void newest(Map<String, SpecificRecordBase> newest, String id, SpecificRecordBase revision) {
        SpecificRecordBase before = newest.get(id);
        if (before == null
                || envelope(before).getRevision() < envelope(revision).getRevision()) {
            newest.put(id, revision);
        }
    }

    private static Map<String, Long> truthOf(Map<String, SpecificRecordBase> newest) {
        GroundTruth truth = new GroundTruth();
        newest.values().stream().filter(e -> !envelope(e).getWithdrawn()).forEach(truth::add);
        return truth.cells();
    }

    /** Revision {@code revision} of the event: on the next street, {@code days} later. */
    private static SpecificRecordBase corrected(SpecificRecordBase event, int revision, int days)
            throws EventDecodeException {
        SpecificRecordBase copy = revisionOf(event, revision);
        Envelope envelope = envelope(copy);
        Street street = envelope.getStreet();
        envelope.setStreet(STREETS[street == null ? 0 : (street.ordinal() % STREETS.length)]);
        envelope.setOccurredAt(envelope.getOccurredAt().plus(Duration.ofDays(days)));
        return copy;
    }

    private static SpecificRecordBase withdrawn(SpecificRecordBase event, int revision) throws EventDecodeException {
        SpecificRecordBase copy = revisionOf(event, revision);
        envelope(copy).setWithdrawn(true);
        return copy;
    }

    private static SpecificRecordBase revisionOf(SpecificRecordBase event, int revision) throws EventDecodeException {
        SpecificRecordBase copy = CODEC.decodeAny(CODEC.encode(event)).event();
        envelope(copy).setRevision(revision);
        envelope(copy).setSourceSystem("corrections-desk");
        return copy;
    }

    private static Envelope envelope(SpecificRecordBase event) {
        return EventStream.of(event).envelopeOf(event);
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T00:00:00+08:00");
    }
}
