package cn.binjiang.union.seeds.scenario;

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
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.generator.Weighted;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * {@code --scenario binjiang-2022}: the federation's 2021 and 2022 as events, in event-time order,
 * whose replay gives the report's figures exactly. The counted events of each figure are made by
 * quota (949 real-name unions in 2022, not "about 949"); everything around them (members joining
 * and leaving, the training funnel, competitions, disputes) is drawn at random with the same
 * seasons, so the cockpit looks like a real year. Deterministic per seed; {@code seeds/README.md}
 * describes the shape.
 *
 * <p>Longer than 300 lines on purpose: each figure of the report is one short method here, and the quotas read best side by side.
 */
public final class BinjiangScenario {
    public static final String NAME = "binjiang-2022";
    /**
     * A replay's speed when none is asked for: a scenario year in about ten minutes (365 days / 10 minutes), slow
     * enough to watch the cards grow. The demo replays at full speed ({@code --speed max}) to show the report's figures
     * at once.
     */
    public static final double DEFAULT_SPEED = 365 * 24 * 6;

    static final Instant END =
            LocalDate.of(2023, 1, 1).atStartOfDay(KpiCalendar.ZONE).toInstant();

    private final Random random;
    private final RandomEvents events;
    private final Deque<RosterEnterprise> withoutUnion;
    private final Deque<RosterEnterprise> notDigitised;
    private final Deque<RosterEnterprise> outsideLegalService;
    private final List<SpecificRecordBase> out = new ArrayList<>();

    private BinjiangScenario(long seed, List<RosterEnterprise> roster) {
        this.random = new Random(seed);
        this.events = new RandomEvents(seed, roster);
        this.withoutUnion = shuffled(roster);
        this.notDigitised = shuffled(roster);
        this.outsideLegalService = shuffled(roster);
    }

    /** The scenario's events for {@code seed} over {@code roster}, sorted by occurred_at. */
    public static List<SpecificRecordBase> events(long seed, List<RosterEnterprise> roster) {
        BinjiangScenario scenario = new BinjiangScenario(seed, roster);
        for (Figures.Quotas year : Figures.YEARS) scenario.year(year);
        scenario.newFormUnions();
        scenario.aid();
        List<SpecificRecordBase> inOrder = new ArrayList<>(scenario.out.stream()
                .filter(e -> envelope(e).getOccurredAt().isBefore(END))
                .toList());
        inOrder.sort(Comparator.comparing(e -> envelope(e).getOccurredAt()));
        return inOrder;
    }

    private void year(Figures.Quotas q) {
        Season founding = Season.year(q.year(), Figures.FOUNDING);
        for (int i = 0; i < q.realNameUnions(); i++) realNameUnion(withoutUnion.pop(), founding.sample(random));
        Season digitising = Season.year(q.year(), Figures.DIGITISING);
        for (int i = 0; i < q.digitisedOrgs(); i++) {
            RosterEnterprise enterprise = notDigitised.pop();
            EnrollmentEvent digitised = events.enrollment(EnrollmentEventType.ORG_DIGITISED, digitising.sample(random));
            placeAt(digitised, enterprise);
            digitised.setUnionId(unionId(enterprise));
            out.add(digitised);
        }
        background(EnrollmentEventType.MEMBER_JOINED, Figures.BACKGROUND_JOINS, Season.year(q.year(), Figures.JOINING));
        background(EnrollmentEventType.MEMBER_LEFT, Figures.BACKGROUND_LEAVES, Season.year(q.year(), Figures.LEAVING));
        background(EnrollmentEventType.MEMBER_TRANSFERRED, Figures.TRANSFERS, Season.year(q.year(), Figures.JOINING));
        trainings(q.year(), q.certificates());
        competitions(q);
        legal(q);
    }

    /** A union founded at an enterprise, then part of its workforce joining over the following weeks. */
    private void realNameUnion(RosterEnterprise enterprise, Instant at) {
        EnrollmentEvent founded = events.enrollment(EnrollmentEventType.UNION_FOUNDED, UnionKind.REAL_NAME, at);
        placeAt(founded, enterprise);
        founded.setUnionId(unionId(enterprise));
        out.add(founded);
        int joining = (int) Math.min(
                Figures.MAX_FOUNDING_WAVE, Math.round(enterprise.employeeCount() * (0.2 + 0.4 * random.nextDouble())));
        Season wave = Season.days(Season.dayOf(at).plusDays(1), 45);
        for (int i = 0; i < joining; i++) {
            EnrollmentEvent joined = events.enrollment(EnrollmentEventType.MEMBER_JOINED, wave.sample(random));
            placeAt(joined, enterprise);
            joined.getEnvelope().setEmploymentForm(EmploymentForm.STANDARD);
            joined.setUnionId(founded.getUnionId());
            out.add(joined);
        }
    }

    private void background(EnrollmentEventType type, int count, Season season) {
        for (int i = 0; i < count; i++) out.add(events.enrollment(type, season.sample(random)));
    }

    /**
     * Each new-form union founded in its month, then its group joining over three months; platform workers have no
     * enterprise.
     */
    private void newFormUnions() {
        int n = 0;
        for (Figures.NewFormUnion u : Figures.NEW_FORM_UNIONS) {
            Instant at =
                    Season.days(u.month().atDay(1), u.month().lengthOfMonth()).sample(random);
            String unionId = String.format("BJ-NF-%d-%02d", u.month().getYear(), ++n);
            EnrollmentEvent founded = events.enrollment(EnrollmentEventType.UNION_FOUNDED, UnionKind.NEW_FORM, at);
            founded.setUnionId(unionId);
            out.add(asPlatformWorkers(founded, u));
            Season drive = Season.days(Season.dayOf(at).plusDays(1), 90);
            for (int i = 25 + random.nextInt(46); i > 0; i--) {
                EnrollmentEvent joined = events.enrollment(EnrollmentEventType.MEMBER_JOINED, drive.sample(random));
                joined.setUnionId(unionId);
                out.add(asPlatformWorkers(joined, u));
            }
        }
    }

    /**
     * Enrolment, then completion (80 %) or drop-out (12 %), then a certificate for 72 % of those who
     * complete, for the same worker and course; journeys start until the year's certificates are
     * reached, so that figure is exact while the funnel around it is random.
     */
    private void trainings(int year, int certificates) {
        Season season = Season.year(year, Figures.TRAINING);
        LocalDate yearEnd = LocalDate.of(year + 1, 1, 1);
        int earned = 0;
        while (earned < certificates) {
            Instant enrolledAt = season.sample(random);
            TrainingEvent enrolled = events.training(TrainingEventType.COURSE_ENROLLED, enrolledAt);
            enrolled.setSkillLevel(Weighted.pick(random, SKILL_LEVELS, SKILL_WEIGHTS));
            out.add(enrolled);
            double outcome = random.nextDouble();
            if (outcome < 0.12) {
                out.add(sameJourney(
                        events.training(TrainingEventType.COURSE_DROPPED, later(enrolledAt, 3, 20)), enrolled));
            } else if (outcome < 0.92) {
                Instant completedAt = later(enrolledAt, 14, 60);
                out.add(sameJourney(events.training(TrainingEventType.COURSE_COMPLETED, completedAt), enrolled));
                Instant certifiedAt = later(completedAt, 7, 30);
                if (random.nextDouble() < 0.72 && Season.dayOf(certifiedAt).isBefore(yearEnd)) {
                    out.add(sameJourney(events.training(TrainingEventType.CERTIFICATE_EARNED, certifiedAt), enrolled));
                    earned++;
                }
            }
        }
    }

    private static final SkillLevel[] SKILL_LEVELS = {
        SkillLevel.JUNIOR,
        SkillLevel.INTERMEDIATE,
        SkillLevel.SENIOR,
        SkillLevel.TECHNICIAN,
        SkillLevel.SENIOR_TECHNICIAN
    };
    private static final double[] SKILL_WEIGHTS = {0.35, 0.30, 0.20, 0.10, 0.05};
    private static final CompetitionField[] FIELDS = {
        CompetitionField.INFORMATION_SOFTWARE,
        CompetitionField.CYBERSECURITY,
        CompetitionField.LIFE_HEALTH,
        CompetitionField.ADVANCED_MANUFACTURING,
        CompetitionField.MODERN_SERVICES
    };
    private static final double[] FIELD_WEIGHTS = {0.35, 0.25, 0.20, 0.10, 0.10};
    private static final AwardRank[] AWARDS = {
        AwardRank.FIRST_PRIZE,
        AwardRank.SECOND_PRIZE,
        AwardRank.SECOND_PRIZE,
        AwardRank.THIRD_PRIZE,
        AwardRank.THIRD_PRIZE,
        AwardRank.THIRD_PRIZE,
        AwardRank.EXCELLENCE
    };

    /** Competitions open, workers register over three weeks, the top ten are placed and seven prizes given. */
    private void competitions(Figures.Quotas q) {
        Season season = Season.year(q.year(), Figures.COMPETING);
        for (int c = 0; c < q.competitions(); c++) {
            CompetitionEvent opened =
                    events.competition(CompetitionEventType.COMPETITION_OPENED, season.sample(random));
            opened.setField(Weighted.pick(random, FIELDS, FIELD_WEIGHTS));
            opened.setCompetitionId(String.format("BJ-K-%d-%02d", q.year(), c + 1));
            out.add(opened);
            Instant openedAt = opened.getEnvelope().getOccurredAt();
            for (int i = 30 + random.nextInt(51); i > 0; i--) {
                out.add(sameCompetition(
                        events.competition(CompetitionEventType.PARTICIPANT_REGISTERED, later(openedAt, 1, 21)),
                        opened));
            }
            Instant finals = later(openedAt, 25, 35);
            for (int placing = 1; placing <= 10; placing++) {
                CompetitionEvent result =
                        sameCompetition(events.competition(CompetitionEventType.RESULT_RECORDED, finals), opened);
                result.setPlacing(placing);
                out.add(result);
            }
            for (AwardRank rank : AWARDS) {
                CompetitionEvent award = sameCompetition(
                        events.competition(CompetitionEventType.AWARD_GRANTED, finals.plus(Duration.ofDays(1))),
                        opened);
                award.setAwardRank(rank);
                out.add(award);
            }
        }
        // 滨江工匠 are named before May Day, innovation studios in September
        Season april = Season.days(LocalDate.of(q.year(), 4, 1), 30);
        for (int i = 0; i < q.craftsmen(); i++) {
            CompetitionEvent craftsman = events.competition(CompetitionEventType.CRAFTSMAN_NAMED, april.sample(random));
            // the report's example craftsman holds 24 invention patents
            craftsman.setInventionPatents(i == 0 && q.year() == 2022 ? 24 : random.nextInt(16));
            out.add(craftsman);
        }
        Season september = Season.days(LocalDate.of(q.year(), 9, 1), 30);
        for (int i = 0; i < q.studios(); i++)
            out.add(events.competition(CompetitionEventType.INNOVATION_STUDIO_NAMED, september.sample(random)));
    }

    /**
     * Legal-service packages and group members are distinct enterprises; disputes are received, most mediated weeks
     * later.
     */
    private void legal(Figures.Quotas q) {
        Season season = Season.year(q.year(), Figures.LEGAL);
        for (int i = 0; i < q.legalPackages(); i++) {
            LegalEvent granted = events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED, season.sample(random));
            placeAt(granted, outsideLegalService.pop());
            out.add(granted);
        }
        Season building = Season.year(q.year(), Figures.GROUP_BUILDING);
        for (int i = 0; i < q.legalGroupJoins(); i++) {
            LegalEvent joined = events.legal(LegalEventType.LEGAL_GROUP_JOINED, building.sample(random));
            placeAt(joined, outsideLegalService.pop());
            joined.setGroupArea(random.nextDouble() < 0.4 ? GroupArea.JIANGBEI : GroupArea.JIANGNAN);
            out.add(joined);
        }
        Season disputing = Season.year(q.year(), Figures.DISPUTING);
        for (int i = 0; i < Figures.DISPUTES; i++) {
            LegalEvent received = events.legal(LegalEventType.DISPUTE_RECEIVED, disputing.sample(random));
            out.add(received);
            if (random.nextDouble() < 0.85) {
                LegalEvent mediated = events.legal(
                        LegalEventType.DISPUTE_MEDIATED,
                        later(received.getEnvelope().getOccurredAt(), 5, 40));
                mediated.setEnvelope(Envelope.newBuilder(received.getEnvelope())
                        .setEventId(mediated.getEnvelope().getEventId())
                        .setOccurredAt(mediated.getEnvelope().getOccurredAt())
                        .build());
                mediated.setCaseId(received.getCaseId());
                mediated.setMediationOutcome(Weighted.pick(random, OUTCOMES, OUTCOME_WEIGHTS));
                out.add(mediated);
            }
        }
    }

    private static final MediationOutcome[] OUTCOMES = {
        MediationOutcome.SETTLED, MediationOutcome.NOT_SETTLED, MediationOutcome.WITHDRAWN
    };
    private static final double[] OUTCOME_WEIGHTS = {0.70, 0.20, 0.10};
    private static final AidCategory[] AID_CATEGORIES = {
        AidCategory.HARDSHIP,
        AidCategory.MEDICAL,
        AidCategory.EDUCATION,
        AidCategory.REVERSE_FEEDING,
        AidCategory.EMERGENCY
    };
    private static final double[] AID_WEIGHTS = {0.40, 0.25, 0.20, 0.05, 0.10};

    /** 春风行动: donations to the district union itself (no street), then aid paid to households in the streets. */
    private void aid() {
        Season raising = Season.year(Figures.AID_YEAR, Figures.RAISING);
        for (BigDecimal amount : ExactSplit.of(Figures.FUNDS_RAISED, Figures.DONATIONS, Figures.HUNDRED_YUAN, random)) {
            AidEvent raised = events.aid(AidEventType.FUNDS_RAISED, raising.sample(random));
            raised.getEnvelope().setStreet(null);
            raised.setAmountCny(amount);
            out.add(raised);
        }
        Season paying = Season.year(Figures.AID_YEAR, Figures.PAYING);
        List<BigDecimal> amounts = ExactSplit.of(Figures.AID_PAID, Figures.AID_PAYMENTS, Figures.HUNDRED_YUAN, random);
        for (int i = 0; i < Figures.AID_PAYMENTS; i++) {
            AidEvent paid = events.aid(AidEventType.AID_PAID, paying.sample(random));
            paid.setAmountCny(amounts.get(i));
            paid.setCategory(Weighted.pick(random, AID_CATEGORIES, AID_WEIGHTS));
            // the last few payments go to households already helped once
            int household = i < Figures.AID_PAYMENTS - Figures.REPEAT_HOUSEHOLDS
                    ? i
                    : i - (Figures.AID_PAYMENTS - Figures.REPEAT_HOUSEHOLDS);
            paid.setHouseholdId(String.format("BJ-H-%d-%03d", Figures.AID_YEAR, household + 1));
            out.add(paid);
        }
    }

    /**
     * The builders pick a random enterprise; the scenario's own choice replaces it where the figure is per enterprise.
     */
    private static void placeAt(SpecificRecordBase event, RosterEnterprise enterprise) {
        Envelope envelope = envelope(event);
        envelope.setStreet(enterprise.street());
        envelope.setIndustry(enterprise.industry());
        if (envelope.getEnterpriseCreditCode() != null) envelope.setEnterpriseCreditCode(enterprise.creditCode());
        if (event instanceof EnrollmentEvent e && e.getEnterpriseEmployeeCount() != null)
            e.setEnterpriseEmployeeCount(enterprise.employeeCount());
    }

    private static EnrollmentEvent asPlatformWorkers(EnrollmentEvent event, Figures.NewFormUnion union) {
        Envelope envelope = event.getEnvelope();
        envelope.setStreet(union.street());
        envelope.setIndustry(null);
        envelope.setEnterpriseCreditCode(null);
        envelope.setEmploymentForm(union.form());
        return event;
    }

    /** The later step of a training journey: same worker, enterprise, course and level as its enrolment. */
    private static TrainingEvent sameJourney(TrainingEvent step, TrainingEvent enrolled) {
        step.setEnvelope(Envelope.newBuilder(enrolled.getEnvelope())
                .setEventId(step.getEnvelope().getEventId())
                .setOccurredAt(step.getEnvelope().getOccurredAt())
                .build());
        step.setCourseId(enrolled.getCourseId());
        step.setSkillLevel(enrolled.getSkillLevel());
        return step;
    }

    private static CompetitionEvent sameCompetition(CompetitionEvent event, CompetitionEvent opened) {
        event.setCompetitionId(opened.getCompetitionId());
        event.setField(opened.getField());
        return event;
    }

    private Instant later(Instant at, int minDays, int maxDays) {
        return at.plus(Duration.ofDays(minDays + random.nextInt(maxDays - minDays + 1)))
                .plus(Duration.ofMinutes(random.nextInt(240)));
    }

    private String unionId(RosterEnterprise enterprise) {
        return "BJ-U-" + enterprise.creditCode();
    }

    private Deque<RosterEnterprise> shuffled(List<RosterEnterprise> enterprises) {
        List<RosterEnterprise> copy = new ArrayList<>(enterprises);
        Collections.shuffle(copy, random);
        return new ArrayDeque<>(copy);
    }

    private static Envelope envelope(SpecificRecordBase event) {
        return (Envelope) event.get("envelope");
    }
}
