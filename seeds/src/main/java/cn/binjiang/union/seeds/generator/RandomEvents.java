package cn.binjiang.union.seeds.generator;

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
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.MediationOutcome;
import cn.binjiang.union.schema.avro.SkillLevel;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.avro.UnionKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Valid events of every type of every stream, with random slices, spread over a time window and
 * returned in event-time order (as a live feed would deliver them). Deterministic per seed. Load
 * and ground-truth tests use it; the Binjiang scenario shapes its own year on top of the same
 * event builders.
 */
public final class RandomEvents {
    private static final String SOURCE = "generator";
    private static final EmploymentForm[] NEW_FORMS = {
        EmploymentForm.RIDE_HAILING_DRIVER,
        EmploymentForm.FOOD_DELIVERY_RIDER,
        EmploymentForm.COURIER,
        EmploymentForm.ONLINE_WRITER,
        EmploymentForm.LIVE_STREAMER
    };

    private final Random random;
    private final List<RosterEnterprise> roster;

    public RandomEvents(long seed, List<RosterEnterprise> roster) {
        this.random = new Random(seed);
        this.roster = roster;
    }

    /** {@code count} events with occurred_at uniformly in [from, to), sorted by occurred_at. */
    public List<SpecificRecordBase> between(Instant from, Instant to, int count) {
        long span = to.toEpochMilli() - from.toEpochMilli();
        List<SpecificRecordBase> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(any(Instant.ofEpochMilli(from.toEpochMilli() + (long) (random.nextDouble() * span))));
        }
        events.sort(Comparator.comparing(e -> ((Envelope) e.get("envelope")).getOccurredAt()));
        return events;
    }

    /** One event of a random stream and type at {@code at}. */
    public SpecificRecordBase any(Instant at) {
        int stream = random.nextInt(100);
        if (stream < 40) return enrollment(pick(EnrollmentEventType.values()), at);
        if (stream < 70) return training(pick(TrainingEventType.values()), at);
        if (stream < 82) return competition(pick(CompetitionEventType.values()), at);
        if (stream < 92) return aid(pick(AidEventType.values()), at);
        return legal(pick(LegalEventType.values()), at);
    }

    public EnrollmentEvent enrollment(EnrollmentEventType type, Instant at) {
        boolean founded = type == EnrollmentEventType.UNION_FOUNDED;
        return enrollment(
                type, founded ? (random.nextInt(5) == 0 ? UnionKind.NEW_FORM : UnionKind.REAL_NAME) : null, at);
    }

    /** @param kind the kind of union founded; null for the other event types */
    public EnrollmentEvent enrollment(EnrollmentEventType type, UnionKind kind, Instant at) {
        boolean founded = type == EnrollmentEventType.UNION_FOUNDED;
        boolean newForm = kind == UnionKind.NEW_FORM;
        RosterEnterprise enterprise = enterprise();
        Envelope envelope = envelope(
                at,
                enterprise,
                !newForm,
                !founded && type != EnrollmentEventType.ORG_DIGITISED,
                newForm ? newForm() : employmentForm());
        return EnrollmentEvent.newBuilder()
                .setEnvelope(envelope)
                .setEventType(type)
                .setUnionId(String.format("BJ-U-%06d", random.nextInt(1_000_000)))
                .setUnionKind(kind)
                .setEnterpriseEmployeeCount(founded && !newForm ? enterprise.employeeCount() : null)
                .setTransferToUnionId(
                        type == EnrollmentEventType.MEMBER_TRANSFERRED
                                ? String.format("BJ-U-%06d", random.nextInt(1_000_000))
                                : null)
                .build();
    }

    public TrainingEvent training(TrainingEventType type, Instant at) {
        BigDecimal hours = switch (type) {
            case COURSE_COMPLETED ->
                BigDecimal.valueOf(8 + random.nextInt(73), 0).add(BigDecimal.valueOf(random.nextInt(4) * 25L, 2));
            case COURSE_DROPPED -> random.nextBoolean() ? null : BigDecimal.valueOf(1 + random.nextInt(12) * 50L, 2);
            default -> null;
        };
        return TrainingEvent.newBuilder()
                .setEnvelope(envelope(at, enterprise(), true, true, employmentForm()))
                .setEventType(type)
                .setCourseId(String.format("BJ-C-%05d", random.nextInt(100_000)))
                .setHours(hours)
                .setSkillLevel(pick(SkillLevel.values()))
                .setCertificateId(
                        type == TrainingEventType.CERTIFICATE_EARNED
                                ? String.format("S%015d", (long) (random.nextDouble() * 1e15))
                                : null)
                .build();
    }

    public CompetitionEvent competition(CompetitionEventType type, Instant at) {
        boolean named =
                type == CompetitionEventType.CRAFTSMAN_NAMED || type == CompetitionEventType.INNOVATION_STUDIO_NAMED;
        boolean individual = type != CompetitionEventType.COMPETITION_OPENED
                && type != CompetitionEventType.INNOVATION_STUDIO_NAMED
                && type != CompetitionEventType.AWARD_GRANTED;
        return CompetitionEvent.newBuilder()
                .setEnvelope(envelope(at, enterprise(), true, individual, employmentForm()))
                .setEventType(type)
                .setCompetitionId(named ? null : String.format("BJ-K-%04d", random.nextInt(10_000)))
                .setField(pick(CompetitionField.values()))
                .setPlacing(type == CompetitionEventType.RESULT_RECORDED ? 1 + random.nextInt(50) : null)
                .setAwardRank(type == CompetitionEventType.AWARD_GRANTED ? pick(AwardRank.values()) : null)
                .setTitle(named ? "滨江工匠（合成）" : null)
                .setInventionPatents(named ? random.nextInt(30) : null)
                .build();
    }

    public AidEvent aid(AidEventType type, Instant at) {
        boolean paid = type == AidEventType.AID_PAID;
        // Funds raised by the district union itself (区总本级) belong to no street.
        boolean districtLevel = !paid && random.nextBoolean();
        Envelope envelope = envelope(at, enterprise(), false, false, null);
        if (districtLevel) envelope.setStreet(null);
        envelope.setIndustry(null);
        return AidEvent.newBuilder()
                .setEnvelope(envelope)
                .setEventType(type)
                .setAmountCny(BigDecimal.valueOf(100 + random.nextInt(2_000_000), 2))
                .setCategory(paid ? pick(AidCategory.values()) : null)
                .setHouseholdId(paid ? String.format("BJ-H-%05d", random.nextInt(100_000)) : null)
                .build();
    }

    public LegalEvent legal(LegalEventType type, Instant at) {
        boolean dispute = type == LegalEventType.DISPUTE_RECEIVED || type == LegalEventType.DISPUTE_MEDIATED;
        return LegalEvent.newBuilder()
                .setEnvelope(envelope(at, enterprise(), true, dispute, dispute ? employmentForm() : null))
                .setEventType(type)
                .setCaseId(dispute ? String.format("BJ-L-%05d", random.nextInt(100_000)) : null)
                .setGroupArea(type == LegalEventType.LEGAL_GROUP_JOINED ? pick(GroupArea.values()) : null)
                .setMediationOutcome(type == LegalEventType.DISPUTE_MEDIATED ? pick(MediationOutcome.values()) : null)
                .build();
    }

    private Envelope envelope(
            Instant at, RosterEnterprise enterprise, boolean withEnterprise, boolean withWorker, EmploymentForm form) {
        return Envelope.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()))
                .setOccurredAt(at)
                .setSourceSystem(SOURCE)
                .setStreet(enterprise.street())
                .setEnterpriseCreditCode(withEnterprise ? enterprise.creditCode() : null)
                .setWorkerId(withWorker ? ResidentIds.next(random) : null)
                .setIndustry(enterprise.industry())
                .setEmploymentForm(form)
                .build();
    }

    private RosterEnterprise enterprise() {
        return roster.get(random.nextInt(roster.size()));
    }

    private EmploymentForm employmentForm() {
        return random.nextInt(4) == 0 ? newForm() : EmploymentForm.STANDARD;
    }

    private EmploymentForm newForm() {
        return NEW_FORMS[random.nextInt(NEW_FORMS.length)];
    }

    /** A random symbol other than UNKNOWN, which producers never write. */
    private <E extends Enum<E>> E pick(E[] symbols) {
        return symbols[1 + random.nextInt(symbols.length - 1)];
    }
}
