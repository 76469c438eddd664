package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.jobs.kpi.KpiJobMain;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.CompetitionEventType;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.ids.CheckDigits;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.ResidentIds;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Resident IDs in every shape (18 characters, lower-case x, grouped by spaces or hyphens, 17
 * digits without the check character, the legacy 15 digits) sent through every stream and every
 * way into the job and out of it: accepted in worker_id, household_id and certificate_id; in the
 * free-text fields, which refuse them; invalid; with an unknown enterprise; on another stream's
 * topic; in a record too large; in bytes that do not decode; too late. None can be recovered from
 * any String column of the database, the dead-letter or kpi-updates topic, or the test log, not
 * even with the separators taken out or from the 17 digits before the check character; and every
 * record is accounted for with its reason.
 *
 * <p>Longer than 300 lines on purpose: every shape and every way in is sent in one run of the job, and every place out is searched for all of them.
 */
class NoResidentIdAnywhereIT {
    private static final Instant DECEMBER = Instant.parse("2022-12-10T02:00:00Z");
    private static final Instant JUNE = Instant.parse("2022-06-10T02:00:00Z");
    private static final String MAX_RECORD_SIZE = "4 kb";

    private final Random random = new Random(14);
    /** What must never be found, digits only: the 17 digits before each ID's check character, the 15 of a legacy ID. */
    private final List<String> needles = new ArrayList<>();

    private final Map<String, Long> acceptedPerStream = new HashMap<>();
    private final Map<String, Long> rejectedPerReason = new HashMap<>();

    @Test
    void noResidentIdCanBeRecoveredFromAnyTableTopicOrLogAndEveryRecordIsAccountedFor() throws Exception {
        // configure
        List<RosterEnterprise> roster = EnterpriseRoster.generate(14, 50);
        RandomEvents events = new RandomEvents(14, roster);
        String stranger = EnterpriseRoster.generate(41, 1).get(0).creditCode();
        try (KpiJobFixture fixture = new KpiJobFixture("no-ids", roster)) {
            // no partition idles here: every one gets a December event below and holds the watermark in December
            Configuration config =
                    fixture.config("--kpi.max-record-size", MAX_RECORD_SIZE, "--kpi.source-idleness", "10 min");
            JobClient job = fixture.start(config, KpiJobMain.sinks(config));
            try {
                // produce: accepted events whose IDs are pseudonymised
                for (Function<Instant, SpecificRecordBase> make : List.<Function<Instant, SpecificRecordBase>>of(
                        at -> events.enrollment(EnrollmentEventType.MEMBER_JOINED, at),
                        at -> events.training(TrainingEventType.COURSE_ENROLLED, at),
                        at -> events.competition(CompetitionEventType.PARTICIPANT_REGISTERED, at),
                        at -> events.aid(AidEventType.FUNDS_RAISED, at),
                        at -> events.legal(LegalEventType.DISPUTE_RECEIVED, at))) {
                    accept(fixture, withWorker(make.apply(DECEMBER), id()));
                    accept(
                            fixture,
                            withWorker(make.apply(DECEMBER), idEndingInX().toLowerCase()));
                    for (int partition = 0; partition < KpiJobFixture.PARTITIONS; partition++) {
                        SpecificRecordBase onPartition = withWorker(make.apply(DECEMBER), id());
                        fixture.sendTo(onPartition, partition);
                        acceptedPerStream.merge(EventStream.of(onPartition).name(), 1L, Long::sum);
                    }
                }
                String sameHousehold = idEndingInX();
                for (String household : List.of(
                        "HH-" + id(),
                        "HH-" + spaced(id()),
                        "HH-" + hyphenated(id()),
                        "HH-" + first17(id()),
                        "HH-" + legacy(id()),
                        "HH-" + sameHousehold,
                        "hh-" + sameHousehold.toLowerCase())) {
                    AidEvent paid = events.aid(AidEventType.AID_PAID, DECEMBER);
                    paid.setHouseholdId(household);
                    accept(fixture, paid);
                }
                for (String certificate : List.of(id(), legacy(id()))) {
                    TrainingEvent certified = events.training(TrainingEventType.CERTIFICATE_EARNED, DECEMBER);
                    certified.setCertificateId(certificate);
                    accept(fixture, withWorker(certified, id()));
                }

                // ... free-text fields that refuse them
                reject(
                        fixture,
                        "invalid_field:union_id",
                        with(
                                events.enrollment(EnrollmentEventType.MEMBER_JOINED, DECEMBER),
                                e -> e.setUnionId("U-" + spaced(id()))));
                reject(
                        fixture,
                        "invalid_field:transfer_to_union_id",
                        with(
                                events.enrollment(EnrollmentEventType.MEMBER_TRANSFERRED, DECEMBER),
                                e -> e.setTransferToUnionId("U-" + hyphenated(id()))));
                reject(
                        fixture,
                        "invalid_field:course_id",
                        with(
                                events.training(TrainingEventType.COURSE_ENROLLED, DECEMBER),
                                e -> e.setCourseId("C" + first17(id()))));
                reject(
                        fixture,
                        "invalid_field:competition_id",
                        with(
                                events.competition(CompetitionEventType.PARTICIPANT_REGISTERED, DECEMBER),
                                e -> e.setCompetitionId("K" + legacy(id()))));
                reject(
                        fixture,
                        "invalid_field:title",
                        with(
                                events.competition(CompetitionEventType.CRAFTSMAN_NAMED, DECEMBER),
                                e -> e.setTitle("滨江工匠 " + id())));
                reject(
                        fixture,
                        "invalid_field:case_id",
                        with(
                                events.legal(LegalEventType.DISPUTE_RECEIVED, DECEMBER),
                                e -> e.setCaseId("L-" + idEndingInX().toLowerCase())));
                reject(
                        fixture,
                        "invalid_field:source_system",
                        with(
                                events.legal(LegalEventType.DISPUTE_RECEIVED, DECEMBER),
                                e -> e.getEnvelope().setSourceSystem("app " + spaced(id()))));

                // ... invalid IDs: wrong check character (once one the credit-code check takes), no birth date, cut,
                // grouped
                for (String invalid : List.of(
                        wrongCheckCharacter(id()),
                        mistypedLikeACreditCode(),
                        noBirthDate(id()),
                        first17(id()),
                        spaced(id()))) {
                    reject(
                            fixture,
                            "invalid_field:worker_id",
                            withWorker(events.training(TrainingEventType.COURSE_ENROLLED, DECEMBER), invalid));
                }

                // ... an unknown enterprise, another stream's topic
                for (int i = 0; i < 2; i++) {
                    LegalEvent granted = withWorker(events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED, DECEMBER), id());
                    EventStream.of(granted).envelopeOf(granted).setEnterpriseCreditCode(stranger);
                    reject(fixture, "unknown_enterprise", granted);
                }
                sendRaw(
                        fixture,
                        "wrong_stream",
                        "aid",
                        fixture.encode(withWorker(events.legal(LegalEventType.DISPUTE_RECEIVED, DECEMBER), id())));
                sendRaw(
                        fixture,
                        "wrong_stream",
                        "training",
                        fixture.encode(
                                withWorker(events.enrollment(EnrollmentEventType.MEMBER_JOINED, DECEMBER), id())));

                // ... records too large, bytes that do not decode
                for (int i = 0; i < 2; i++) {
                    sendRaw(
                            fixture,
                            "too_large",
                            "competition",
                            tooLarge(fixture.encode(withWorker(
                                    events.competition(CompetitionEventType.PARTICIPANT_REGISTERED, DECEMBER), id()))));
                    sendRaw(
                            fixture,
                            "undecodable",
                            "legal",
                            garbageAround(id(), spaced(id()), first17(id()), legacy(id())));
                }
                fixture.flush();
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            for (EventStream<?> s : EventStream.all()) {
                                assertThat(fixture.count("SELECT count() FROM " + s.name() + "_events FINAL"))
                                        .as(s.name())
                                        .isEqualTo(acceptedPerStream.getOrDefault(s.name(), 0L));
                            }
                        });

                // ... and, once the watermark is in December, events of June: too late
                for (int i = 0; i < 3; i++) {
                    SpecificRecordBase late =
                            withWorker(events.enrollment(EnrollmentEventType.MEMBER_JOINED, JUNE), id());
                    fixture.send(late);
                    rejectedPerReason.merge("too_late", 1L, Long::sum);
                }
                fixture.flush();

                // verify: every record accounted for, each rejection with its reason
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(fixture.countsBy(
                                        "SELECT reason, count() FROM rejected_events FINAL GROUP BY reason"))
                                .isEqualTo(rejectedPerReason));
                assertThat(rejectedPerReason)
                        .isEqualTo(Map.ofEntries(
                                Map.entry("invalid_field:union_id", 1L),
                                Map.entry("invalid_field:transfer_to_union_id", 1L),
                                Map.entry("invalid_field:course_id", 1L),
                                Map.entry("invalid_field:competition_id", 1L),
                                Map.entry("invalid_field:title", 1L),
                                Map.entry("invalid_field:case_id", 1L),
                                Map.entry("invalid_field:source_system", 1L),
                                Map.entry("invalid_field:worker_id", 5L),
                                Map.entry("unknown_enterprise", 2L),
                                Map.entry("wrong_stream", 2L),
                                Map.entry("too_large", 2L),
                                Map.entry("undecodable", 2L),
                                Map.entry("too_late", 3L)));
                assertThat(acceptedPerStream)
                        .isEqualTo(
                                Map.of("enrollment", 6L, "training", 8L, "competition", 6L, "aid", 13L, "legal", 6L));
                assertThat(fixture.count(
                                "SELECT uniqExact(household_id) FROM aid_events FINAL WHERE household_id IS NOT NULL"))
                        .as("two spellings of one household are one household")
                        .isEqualTo(6);
                assertThat(
                                fixture.count(
                                        "SELECT countIf(length(household_id) != 43) FROM aid_events FINAL WHERE household_id IS NOT NULL"))
                        .isZero();

                // ... and no ID anywhere
                int rejected = rejectedPerReason.values().stream()
                        .mapToInt(Long::intValue)
                        .sum();
                List<String> deadLetters = LeakScan.topicValues(fixture, "dead-letter", rejected, Duration.ZERO);
                assertThat(deadLetters).hasSize(rejected);
                List<String> kpiUpdates = LeakScan.topicValues(fixture, "kpi-updates", 1, Duration.ofSeconds(5));
                assertThat(recoverable(LeakScan.withPayloads(deadLetters))).isEmpty();
                assertThat(recoverable(kpiUpdates)).isEmpty();
                assertThat(recoverable(LeakScan.allStringValues(fixture))).isEmpty();
                assertThat(recoverable(List.of(LeakScan.testLog()))).isEmpty();
            } finally {
                job.cancel().get();
            }
        }
    }

    private void accept(KpiJobFixture fixture, SpecificRecordBase event) {
        fixture.send(event);
        acceptedPerStream.merge(EventStream.of(event).name(), 1L, Long::sum);
    }

    private void reject(KpiJobFixture fixture, String reason, SpecificRecordBase event) {
        fixture.send(event);
        rejectedPerReason.merge(reason, 1L, Long::sum);
    }

    private void sendRaw(KpiJobFixture fixture, String reason, String stream, byte[] value) {
        fixture.sendRaw(stream, value);
        rejectedPerReason.merge(reason, 1L, Long::sum);
    }

    private static <T extends SpecificRecordBase> T with(T event, Consumer<T> change) {
        change.accept(event);
        return event;
    }

    private static <T extends SpecificRecordBase> T withWorker(T event, String workerId) {
        EventStream.of(event).envelopeOf(event).setWorkerId(workerId);
        return event;
    }

    /** A new valid resident ID of the corpus. */
    private String id() {
        String id = ResidentIds.next(random);
        needles.add(id.substring(0, 17));
        return id;
    }

    private String idEndingInX() {
        String id = ResidentIds.next(random);
        while (id.charAt(17) != 'X') id = ResidentIds.next(random);
        needles.add(id.substring(0, 17));
        return id;
    }

    /** An ID of the corpus whose check character, mistyped as a digit, passes the credit-code check. */
    private String mistypedLikeACreditCode() {
        while (true) {
            String first17 = ResidentIds.next(random).substring(0, 17);
            char creditCheck = CheckDigits.creditCodeCheckChar(first17);
            if (Character.isDigit(creditCheck) && creditCheck != CheckDigits.residentIdCheckChar(first17)) {
                needles.add(first17);
                return first17 + creditCheck;
            }
        }
    }

    private static String wrongCheckCharacter(String id) {
        return id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
    }

    /** The ID born on the 30th of February, with the check character that fits: only the birth date check fails. */
    private String noBirthDate(String id) {
        String first17 = id.substring(0, 10) + "0230" + id.substring(14, 17);
        needles.add(first17);
        return first17 + CheckDigits.residentIdCheckChar(first17);
    }

    private static String first17(String id) {
        return id.substring(0, 17);
    }

    private static String spaced(String id) {
        return id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14);
    }

    private static String hyphenated(String id) {
        return id.substring(0, 6) + "-" + id.substring(6, 14) + "-" + id.substring(14);
    }

    /** The 15-digit ID of before 1999 of the same person: region, two-digit year, month, day, sequence. */
    private String legacy(String id) {
        String legacy = id.substring(0, 6) + id.substring(8, 14) + id.substring(14, 17);
        needles.add(legacy);
        return legacy;
    }

    /**
     * An event followed by text full of IDs, over the record size limit, with one ID across the 1 KiB a dead letter
     * keeps.
     */
    private byte[] tooLarge(byte[] event) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(event);
        while (value.size() < 1024 - 10) value.write('.');
        while (value.size() < 5 * 1024) {
            value.writeBytes((id() + " note " + spaced(id()) + " ").getBytes(StandardCharsets.US_ASCII));
        }
        return value.toByteArray();
    }

    /** Random bytes that are no Avro message, with these texts in them. */
    private byte[] garbageAround(String... texts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.write(0x42);
        for (String text : texts) {
            byte[] noise = new byte[1 + random.nextInt(40)];
            random.nextBytes(noise);
            value.writeBytes(noise);
            value.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }
        return value.toByteArray();
    }

    /** The corpus IDs found in the texts once every character but the digits is taken out. */
    private List<String> recoverable(List<String> texts) {
        List<String> found = new ArrayList<>();
        for (String text : texts) {
            if (text == null) continue;
            String digits = text.replaceAll("[^0-9]", "");
            for (String needle : needles) {
                if (digits.contains(needle)) found.add(needle);
            }
        }
        return found;
    }
}
