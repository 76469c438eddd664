package cn.binjiang.union.jobs.kpi.rows;

import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.insert;
import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.rows;
import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.AidCategory;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.testkit.TestClickHouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RawEventRowsIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final EventCodec CODEC = EventCodec.fromClasspath();
    private static final AtomicLong OFFSETS = new AtomicLong();
    private static final String PSEUDONYM = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012345678901234567890abcdef012";
    private static String db;

    @BeforeAll
    static void migrate() throws Exception {
        db = MigratedClickHouse.freshDatabase(CLICKHOUSE, "raw_event_rows");
    }

    @Test
    void anAidPaymentLandsWithItsAmountItsShanghaiTimeItsCodesAndEmptyForWhatItLacks() throws Exception {
        AidEvent paid = AidEvent.newBuilder()
                .setEnvelope(envelope("6f1c1d2e-0000-4000-8000-000000000001", "2026-03-01T16:30:00.123Z")
                        .setStreet(Street.XIXING)
                        .build())
                .setEventType(AidEventType.AID_PAID)
                .setAmountCny(new BigDecimal("247000.00"))
                .setCategory(AidCategory.MEDICAL)
                .setHouseholdId("BJ-H-00042")
                .build();
        try (Connection c = CLICKHOUSE.connect(db)) {
            insert(c, rows(EventStream.AID), List.of(accepted(paid)));

            assertThat(MigratedClickHouse.rows(
                            c,
                            "SELECT toString(event_id), toString(occurred_at), source_system, street,"
                                    + " ifNull(enterprise_credit_code, 'NULL'), worker_pseudonym, industry, employment_form, event_type,"
                                    + " toString(amount_cny), toTypeName(amount_cny), category, household_id"
                                    + " FROM aid_events FINAL WHERE event_id = '6f1c1d2e-0000-4000-8000-000000000001'"))
                    .containsExactly(List.of(
                            "6f1c1d2e-0000-4000-8000-000000000001",
                            "2026-03-02 00:30:00.123",
                            "union-app",
                            "xixing",
                            "NULL",
                            PSEUDONYM,
                            "",
                            "",
                            "aid_paid",
                            "247000",
                            "Decimal(14, 2)",
                            "medical",
                            "BJ-H-00042"));
            assertThat(value(
                            c,
                            "SELECT toString(sum(amount_cny) * 100) FROM aid_events WHERE household_id = 'BJ-H-00042'"))
                    .isEqualTo("24700000");
        }
    }

    @Test
    void aDistrictLevelEventWithoutOptionalFieldsHasEmptyCodesAndNulls() throws Exception {
        LegalEvent mediated = LegalEvent.newBuilder()
                .setEnvelope(envelope("6f1c1d2e-0000-4000-8000-000000000002", "2026-12-31T16:00:00Z")
                        .setWorkerId(null)
                        .build())
                .setEventType(LegalEventType.DISPUTE_MEDIATED)
                .build();
        try (Connection c = CLICKHOUSE.connect(db)) {
            insert(c, rows(EventStream.LEGAL), List.of(accepted(mediated)));

            assertThat(
                            MigratedClickHouse.rows(
                                    c,
                                    "SELECT toString(occurred_at), street, event_type, concat('[', group_area, ']'),"
                                            + " concat('[', mediation_outcome, ']'), toString(isNull(case_id)), toString(isNull(worker_pseudonym))"
                                            + " FROM legal_events FINAL WHERE event_id = '6f1c1d2e-0000-4000-8000-000000000002'"))
                    .containsExactly(List.of("2027-01-01 00:00:00.000", "", "dispute_mediated", "[]", "[]", "1", "1"));
        }
    }

    @Test
    void aReSentEventIsOneRowUnderFinal() throws Exception {
        AidEvent raised = AidEvent.newBuilder()
                .setEnvelope(envelope("6f1c1d2e-0000-4000-8000-000000000003", "2026-04-01T00:00:00Z")
                        .build())
                .setEventType(AidEventType.FUNDS_RAISED)
                .setAmountCny(new BigDecimal("784000.00"))
                .build();
        try (Connection c = CLICKHOUSE.connect(db)) {
            RawEventRows binder = rows(EventStream.AID);
            insert(c, binder, List.of(accepted(raised)));
            insert(c, binder, List.of(accepted(raised), accepted(raised)));

            String sameEvent = " FROM aid_events FINAL WHERE event_id = '6f1c1d2e-0000-4000-8000-000000000003'";
            assertThat(value(c, "SELECT toString(count())" + sameEvent)).isEqualTo("1");
            assertThat(value(c, "SELECT toString(sum(amount_cny))" + sameEvent)).isEqualTo("784000");
        }
    }

    @Test
    void everyStreamsTableHasExactlyTheBindersColumnsAndHoldsItsEventsWithTheirTotals() throws Exception {
        List<SpecificRecordBase> events = new RandomEvents(20_261_124L, EnterpriseRoster.generate(7, 200))
                .between(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-07-01T00:00:00Z"), 3_000);
        Map<EventStream<?>, List<AcceptedEvent>> byStream = new HashMap<>();
        BigDecimal amounts = BigDecimal.ZERO;
        BigDecimal hours = BigDecimal.ZERO;
        long withWorker = 0;
        for (SpecificRecordBase event : events) {
            Envelope envelope = (Envelope) event.get("envelope");
            if (envelope.getWorkerId() != null) {
                envelope.setWorkerId(PSEUDONYM);
                withWorker++;
            }
            if (event instanceof AidEvent aid) amounts = amounts.add(aid.getAmountCny());
            if (event instanceof TrainingEvent training && training.getHours() != null)
                hours = hours.add(training.getHours());
            byStream.computeIfAbsent(EventStream.of(event), s -> new ArrayList<>())
                    .add(accepted(event));
        }

        try (Connection c = CLICKHOUSE.connect(CLICKHOUSE.freshDatabase("raw_event_rows_all"))) {
            MigratedClickHouse.migrate(c);
            for (EventStream<?> stream : EventStream.all()) {
                RawEventRows binder = rows(stream);
                List<String> tableColumns = new ArrayList<>(binder.columns());
                tableColumns.add("ingested_at");
                assertThat(MigratedClickHouse.rows(
                                        c,
                                        "SELECT name FROM system.columns WHERE database = currentDatabase()"
                                                + " AND table = '" + binder.table() + "' ORDER BY position")
                                .stream()
                                .map(r -> r.get(0))
                                .toList())
                        .as(binder.table())
                        .isEqualTo(tableColumns);
                insert(c, binder, byStream.get(stream));
                assertThat(value(c, "SELECT toString(count()) FROM " + binder.table() + " FINAL"))
                        .as(binder.table())
                        .isEqualTo(String.valueOf(byStream.get(stream).size()));
                assertThat(value(c, "SELECT toString(sum(kafka_offset)) FROM " + binder.table() + " FINAL"))
                        .as("each row's offset, as read from Kafka (" + binder.table() + ")")
                        .isEqualTo(String.valueOf(byStream.get(stream).stream()
                                .mapToLong(AcceptedEvent::offset)
                                .sum()));
            }

            assertThat(value(c, "SELECT toString(sum(amount_cny)) FROM aid_events FINAL"))
                    .isEqualTo(amounts.stripTrailingZeros().toPlainString());
            assertThat(value(c, "SELECT toString(sum(hours)) FROM training_events FINAL"))
                    .isEqualTo(hours.stripTrailingZeros().toPlainString());
            assertThat(value(
                            c,
                            "SELECT toString(sum(c)) FROM (SELECT countIf(worker_pseudonym = '" + PSEUDONYM
                                    + "') AS c FROM enrollment_events"
                                    + " UNION ALL SELECT countIf(worker_pseudonym = '" + PSEUDONYM
                                    + "') FROM training_events"
                                    + " UNION ALL SELECT countIf(worker_pseudonym = '" + PSEUDONYM
                                    + "') FROM competition_events"
                                    + " UNION ALL SELECT countIf(worker_pseudonym = '" + PSEUDONYM
                                    + "') FROM aid_events"
                                    + " UNION ALL SELECT countIf(worker_pseudonym = '" + PSEUDONYM
                                    + "') FROM legal_events)"))
                    .isEqualTo(String.valueOf(withWorker));
            assertThat(
                            MigratedClickHouse.rows(c, "SELECT DISTINCT street FROM enrollment_events ORDER BY street")
                                    .stream()
                                    .map(r -> r.get(0)))
                    .isSubsetOf("", "changhe", "puyan", "xixing");
        }
    }

    @Test
    void anEventOfAnotherStreamIsRefused() {
        AcceptedEvent aid =
                new AcceptedEvent(UUID.randomUUID().toString(), 0, false, "aid", 0, new byte[0], "aid", 0, 0);

        assertThatThrownBy(() -> rows(EventStream.LEGAL).bind(null, aid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("of stream aid cannot go into legal_events");
    }

    @Test
    void aRowInARefusalIsTheEventNotItsBytes() {
        AidEvent aid = AidEvent.newBuilder()
                .setEnvelope(envelope("0b6e8a52-3f0e-4c56-9d43-2f5b1c8a7e01", "2022-03-01T02:00:00Z")
                        .build())
                .setEventType(AidEventType.FUNDS_RAISED)
                .setAmountCny(new BigDecimal("784000.00"))
                .build();

        assertThat(rows(EventStream.AID).describe(accepted(aid)))
                .contains("\"event_id\": \"0b6e8a52-3f0e-4c56-9d43-2f5b1c8a7e01\"")
                .contains("FUNDS_RAISED")
                .contains("784000.00");
    }

    private static RawEventRows rows(EventStream<?> stream) {
        return new RawEventRows(stream, CODEC);
    }

    private static Envelope.Builder envelope(String eventId, String occurredAt) {
        return Envelope.newBuilder()
                .setEventId(UUID.fromString(eventId))
                .setOccurredAt(Instant.parse(occurredAt))
                .setSourceSystem("union-app")
                .setWorkerId(PSEUDONYM);
    }

    private static AcceptedEvent accepted(SpecificRecordBase event) {
        Envelope envelope = (Envelope) event.get("envelope");
        String stream = EventStream.of(event).name();
        return new AcceptedEvent(
                envelope.getEventId().toString(),
                envelope.getRevision(),
                envelope.getWithdrawn(),
                stream,
                envelope.getOccurredAt().toEpochMilli(),
                CODEC.encode(event),
                stream,
                3,
                OFFSETS.getAndIncrement());
    }
}
