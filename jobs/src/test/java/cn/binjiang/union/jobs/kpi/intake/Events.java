package cn.binjiang.union.jobs.kpi.intake;

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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Valid events of every type, every field an event type needs set, for the intake and fan-out
 * tests; a test changes the one field it is about through the generated setters.
 */
public final class Events {
    /** A published credit code (its check character verified by CheckDigitsTest). */
    public static final String KNOWN_ENTERPRISE = "91330100716105852F";
    /** The GB 11643-1999 example ID. */
    public static final String WORKER = "11010519491231002X";
    /** 2021-06-15 10:00 in Shanghai. */
    public static final Instant OCCURRED_AT = Instant.parse("2021-06-15T02:00:00Z");

    private Events() {}

    public static ReferenceData referenceData() {
        return InMemoryReferenceData.of(
                List.of(Street.XIXING, Street.CHANGHE, Street.PUYAN),
                List.of(new Enterprise(KNOWN_ENTERPRISE, Street.XIXING, Industry.DIGITAL_ECONOMY, 924)));
    }

    public static Envelope envelope() {
        return Envelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(OCCURRED_AT)
                .setSourceSystem("test")
                .setStreet(Street.XIXING)
                .setEnterpriseCreditCode(KNOWN_ENTERPRISE)
                .setWorkerId(WORKER)
                .setIndustry(Industry.DIGITAL_ECONOMY)
                .setEmploymentForm(EmploymentForm.STANDARD)
                .build();
    }

    public static EnrollmentEvent enrollment(EnrollmentEventType type) {
        return EnrollmentEvent.newBuilder()
                .setEnvelope(envelope())
                .setEventType(type)
                .setUnionId("BJ-U-000949")
                .setUnionKind(type == EnrollmentEventType.UNION_FOUNDED ? UnionKind.REAL_NAME : null)
                .setEnterpriseEmployeeCount(type == EnrollmentEventType.UNION_FOUNDED ? 924 : null)
                .setTransferToUnionId(type == EnrollmentEventType.MEMBER_TRANSFERRED ? "BJ-U-000370" : null)
                .build();
    }

    public static TrainingEvent training(TrainingEventType type) {
        return TrainingEvent.newBuilder()
                .setEnvelope(envelope())
                .setEventType(type)
                .setCourseId("BJ-C-2021-0379")
                .setHours(type == TrainingEventType.COURSE_COMPLETED ? new BigDecimal("12.50") : null)
                .setSkillLevel(SkillLevel.SENIOR_TECHNICIAN)
                .setCertificateId(type == TrainingEventType.CERTIFICATE_EARNED ? "S000033010800012" : null)
                .build();
    }

    public static CompetitionEvent competition(CompetitionEventType type) {
        boolean named =
                type == CompetitionEventType.CRAFTSMAN_NAMED || type == CompetitionEventType.INNOVATION_STUDIO_NAMED;
        return CompetitionEvent.newBuilder()
                .setEnvelope(envelope())
                .setEventType(type)
                .setCompetitionId(named ? null : "BJ-K-2021-07")
                .setField(CompetitionField.CYBERSECURITY)
                .setPlacing(type == CompetitionEventType.RESULT_RECORDED ? 1 : null)
                .setAwardRank(type == CompetitionEventType.AWARD_GRANTED ? AwardRank.FIRST_PRIZE : null)
                .setTitle(named ? "2021年度滨江工匠" : null)
                .setInventionPatents(named ? 24 : null)
                .build();
    }

    public static AidEvent aid(AidEventType type, String amountCny) {
        return AidEvent.newBuilder()
                .setEnvelope(envelope())
                .setEventType(type)
                .setAmountCny(new BigDecimal(amountCny))
                .setCategory(type == AidEventType.AID_PAID ? AidCategory.MEDICAL : null)
                .setHouseholdId(type == AidEventType.AID_PAID ? "BJ-H-0052" : null)
                .build();
    }

    public static LegalEvent legal(LegalEventType type) {
        boolean dispute = type == LegalEventType.DISPUTE_RECEIVED || type == LegalEventType.DISPUTE_MEDIATED;
        return LegalEvent.newBuilder()
                .setEnvelope(envelope())
                .setEventType(type)
                .setCaseId(dispute ? "BJ-L-2021-0017" : null)
                .setGroupArea(type == LegalEventType.LEGAL_GROUP_JOINED ? GroupArea.JIANGNAN : null)
                .setMediationOutcome(type == LegalEventType.DISPUTE_MEDIATED ? MediationOutcome.SETTLED : null)
                .build();
    }
}
