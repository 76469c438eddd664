package cn.binjiang.union.schema;

import cn.binjiang.union.schema.avro.AidCategory;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.AwardRank;
import cn.binjiang.union.schema.avro.CompetitionEvent;
import cn.binjiang.union.schema.avro.CompetitionEventType;
import cn.binjiang.union.schema.avro.CompetitionField;
import cn.binjiang.union.schema.avro.EmploymentForm;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.GroupArea;
import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.MediationOutcome;
import cn.binjiang.union.schema.avro.SkillLevel;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.avro.UnionKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Events of every type of every stream, in two shapes: full (every optional field set, so a round
 * trip covers every field) and sparse (every optional field null).
 */
public final class SampleEvents {
    private SampleEvents() {}

    /** Builds one event of a stream from its event type's symbol and whether to fill it. */
    private static final Map<EventStream<?>, BiFunction<String, Boolean, SpecificRecordBase>> BUILDERS = Map.of(
            EventStream.ENROLLMENT, SampleEvents::enrollment,
            EventStream.TRAINING, SampleEvents::training,
            EventStream.COMPETITION, SampleEvents::competition,
            EventStream.AID, SampleEvents::aid,
            EventStream.LEGAL, SampleEvents::legal);

    /** One full event per event type of every stream; UNKNOWN is a reader's fallback, never written. */
    public static Stream<SpecificRecordBase> everyEventType() {
        return events(true);
    }

    /** As {@link #everyEventType()}, with every optional field null. */
    public static Stream<SpecificRecordBase> everyEventTypeSparse() {
        return events(false);
    }

    private static Stream<SpecificRecordBase> events(boolean full) {
        return EventStream.all().stream()
                .flatMap(stream -> eventTypes(stream).stream()
                        .map(type -> BUILDERS.get(stream).apply(type, full)));
    }

    public static List<String> eventTypes(EventStream<?> stream) {
        return stream.schema().getField("event_type").schema().getEnumSymbols().stream()
                .filter(symbol -> !symbol.equals("UNKNOWN"))
                .toList();
    }

    private static Envelope envelope(String type, boolean full) {
        Envelope.Builder envelope = Envelope.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(type.getBytes(StandardCharsets.UTF_8)))
                .setOccurredAt(Instant.parse("2021-11-30T02:15:30.123Z"))
                .setSourceSystem("sample-events");
        if (full) {
            envelope.setStreet(Street.CHANGHE)
                    .setEnterpriseCreditCode("91330108MA2CFTEST1")
                    .setWorkerId("33010819900307123X")
                    .setIndustry(Industry.DIGITAL_ECONOMY)
                    .setEmploymentForm(EmploymentForm.FOOD_DELIVERY_RIDER);
        }
        return envelope.build();
    }

    private static SpecificRecordBase enrollment(String type, boolean full) {
        EnrollmentEvent.Builder event = EnrollmentEvent.newBuilder()
                .setEnvelope(envelope(type, full))
                .setEventType(EnrollmentEventType.valueOf(type));
        if (full) {
            event.setUnionId("BJ-U-000949")
                    .setUnionKind(UnionKind.NEW_FORM)
                    .setEnterpriseEmployeeCount(924)
                    .setTransferToUnionId("BJ-U-000370");
        }
        return event.build();
    }

    private static SpecificRecordBase training(String type, boolean full) {
        TrainingEvent.Builder event = TrainingEvent.newBuilder()
                .setEnvelope(envelope(type, full))
                .setEventType(TrainingEventType.valueOf(type));
        if (full) {
            event.setCourseId("BJ-C-2021-0379")
                    .setHours(new BigDecimal("12.50"))
                    .setSkillLevel(SkillLevel.SENIOR_TECHNICIAN)
                    .setCertificateId("S000033010800012");
        }
        return event.build();
    }

    private static SpecificRecordBase competition(String type, boolean full) {
        CompetitionEvent.Builder event = CompetitionEvent.newBuilder()
                .setEnvelope(envelope(type, full))
                .setEventType(CompetitionEventType.valueOf(type));
        if (full) {
            event.setCompetitionId("BJ-K-2021-07")
                    .setField(CompetitionField.CYBERSECURITY)
                    .setPlacing(1)
                    .setAwardRank(AwardRank.FIRST_PRIZE)
                    .setTitle("2021年度滨江工匠")
                    .setInventionPatents(24);
        }
        return event.build();
    }

    private static SpecificRecordBase aid(String type, boolean full) {
        // The amount is required: a sparse event still carries one.
        AidEvent.Builder event = AidEvent.newBuilder()
                .setEnvelope(envelope(type, full))
                .setEventType(AidEventType.valueOf(type))
                .setAmountCny(new BigDecimal("247000.00"));
        if (full) {
            event.setCategory(AidCategory.REVERSE_FEEDING).setHouseholdId("BJ-H-0052");
        }
        return event.build();
    }

    private static SpecificRecordBase legal(String type, boolean full) {
        LegalEvent.Builder event =
                LegalEvent.newBuilder().setEnvelope(envelope(type, full)).setEventType(LegalEventType.valueOf(type));
        if (full) {
            event.setCaseId("BJ-L-2021-0017")
                    .setGroupArea(GroupArea.JIANGNAN)
                    .setMediationOutcome(MediationOutcome.SETTLED);
        }
        return event.build();
    }
}
