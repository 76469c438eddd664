package cn.binjiang.union.jobs.kpi.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.jobs.kpi.intake.Events;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.CompetitionEventType;
import cn.binjiang.union.schema.avro.EmploymentForm;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.avro.UnionKind;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every KPI of the catalog fanned out from its events into cells: each grain, slice and measure.
 *
 * <p>Longer than 300 lines on purpose: the parameterised case of every KPI of the catalog, then one test per rule
 * of the fan-out (the calendar, roll-ups, money to the fen, unspecified slices).
 */
class KpiFanOutTest {
    private static final KpiCatalog CATALOG = KpiCatalog.fromClasspath();
    private static final KpiFanOut FAN_OUT = new KpiFanOut(CATALOG);

    /** Events.OCCURRED_AT, 2021-06-15 10:00 in Shanghai, as epoch days: the day, June 1st, January 1st. */
    private static final int DAY = 18793;

    private static final int MONTH = 18779;
    private static final int YEAR = 18628;

    private static <T extends SpecificRecordBase> T with(T event, Consumer<T> change) {
        change.accept(event);
        return event;
    }

    private static List<KpiContribution> of(String kpiId, SpecificRecordBase event) {
        return FAN_OUT.contributions(event).stream()
                .filter(c -> c.kpiId().equals(kpiId))
                .toList();
    }

    private static KpiContribution cell(
            String kpi,
            String grain,
            int bucket,
            String street,
            String industry,
            String employmentForm,
            String category,
            long delta) {
        return new KpiContribution(kpi, grain, bucket, street, industry, employmentForm, category, delta, 1);
    }

    /**
     * One case per KPI of the catalog: an event it counts, what the event adds (hundredths) and
     * its finest slice (street, industry, employment form, category; '' for a dimension the KPI
     * does not have). A KPI added to the catalog needs a case here (see coversEveryKpi).
     */
    static Stream<Arguments> everyKpi() {
        return Stream.of(
                Arguments.of(
                        "unions_founded_realname",
                        Events.enrollment(EnrollmentEventType.UNION_FOUNDED),
                        100,
                        List.of("xixing", "digital_economy", "", "")),
                Arguments.of(
                        "unions_founded_new_form",
                        with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED), e -> {
                            e.setUnionKind(UnionKind.NEW_FORM);
                            e.getEnvelope().setEmploymentForm(EmploymentForm.FOOD_DELIVERY_RIDER);
                        }),
                        100,
                        List.of("xixing", "", "food_delivery_rider", "")),
                Arguments.of(
                        "orgs_digitised",
                        Events.enrollment(EnrollmentEventType.ORG_DIGITISED),
                        100,
                        List.of("xixing", "digital_economy", "", "")),
                Arguments.of(
                        "members_joined",
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "")),
                Arguments.of(
                        "members_left",
                        Events.enrollment(EnrollmentEventType.MEMBER_LEFT),
                        100,
                        List.of("xixing", "digital_economy", "standard", "")),
                Arguments.of(
                        "members_net",
                        Events.enrollment(EnrollmentEventType.MEMBER_LEFT),
                        -100,
                        List.of("xixing", "digital_economy", "standard", "")),
                Arguments.of(
                        "trainings_started",
                        Events.training(TrainingEventType.COURSE_ENROLLED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "senior_technician")),
                Arguments.of(
                        "trainings_completed",
                        Events.training(TrainingEventType.COURSE_COMPLETED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "senior_technician")),
                Arguments.of(
                        "training_hours",
                        Events.training(TrainingEventType.COURSE_COMPLETED),
                        1250,
                        List.of("xixing", "digital_economy", "standard", "senior_technician")),
                Arguments.of(
                        "certificates_earned",
                        Events.training(TrainingEventType.CERTIFICATE_EARNED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "senior_technician")),
                Arguments.of(
                        "competitions_held",
                        Events.competition(CompetitionEventType.COMPETITION_OPENED),
                        100,
                        List.of("xixing", "digital_economy", "", "cybersecurity")),
                Arguments.of(
                        "competition_participants",
                        Events.competition(CompetitionEventType.PARTICIPANT_REGISTERED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "cybersecurity")),
                Arguments.of(
                        "awards_granted",
                        Events.competition(CompetitionEventType.AWARD_GRANTED),
                        100,
                        List.of("xixing", "digital_economy", "", "cybersecurity")),
                Arguments.of(
                        "craftsmen_named",
                        Events.competition(CompetitionEventType.CRAFTSMAN_NAMED),
                        100,
                        List.of("xixing", "digital_economy", "", "cybersecurity")),
                Arguments.of(
                        "innovation_studios_named",
                        Events.competition(CompetitionEventType.INNOVATION_STUDIO_NAMED),
                        100,
                        List.of("xixing", "digital_economy", "", "cybersecurity")),
                Arguments.of(
                        "aid_funds_raised_cny",
                        with(
                                Events.aid(AidEventType.FUNDS_RAISED, "784000.00"),
                                e -> e.getEnvelope().setStreet(null)),
                        78_400_000,
                        List.of("district_level", "", "", "")),
                Arguments.of(
                        "aid_households",
                        Events.aid(AidEventType.AID_PAID, "4750.05"),
                        100,
                        List.of("xixing", "", "", "medical")),
                Arguments.of(
                        "aid_paid_cny",
                        Events.aid(AidEventType.AID_PAID, "4750.05"),
                        475_005,
                        List.of("xixing", "", "", "medical")),
                Arguments.of(
                        "legal_packages_granted",
                        Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                        100,
                        List.of("xixing", "digital_economy", "", "")),
                Arguments.of(
                        "legal_group_enterprises",
                        Events.legal(LegalEventType.LEGAL_GROUP_JOINED),
                        100,
                        List.of("xixing", "digital_economy", "", "jiangnan")),
                Arguments.of(
                        "disputes_received",
                        Events.legal(LegalEventType.DISPUTE_RECEIVED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "")),
                Arguments.of(
                        "disputes_mediated",
                        Events.legal(LegalEventType.DISPUTE_MEDIATED),
                        100,
                        List.of("xixing", "digital_economy", "standard", "settled")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKpi")
    void fansOutEveryKpi(String kpiId, SpecificRecordBase event, long delta, List<String> finest) {
        KpiDefinition kpi = CATALOG.byId(kpiId).orElseThrow();
        List<KpiContribution> contributions = of(kpiId, event);

        // live slices: the district, each dimension alone, the street with each other one
        int dimensions = kpi.dimensions().size();
        int combinations = 1 + dimensions + (dimensions - 1);
        assertThat(contributions).hasSize(3 * combinations);
        assertThat(contributions).allSatisfy(c -> {
            assertThat(c.delta()).isEqualTo(delta);
            assertThat(c.events()).isEqualTo(1);
        });
        // every live slice once per grain, each column either the event's value or '', at most one besides the street
        assertThat(contributions.stream()
                        .map(c -> List.of(c.street(), c.industry(), c.employmentForm(), c.category()))
                        .collect(Collectors.toSet()))
                .hasSize(combinations)
                .allSatisfy(slice -> {
                    for (int column = 0; column < 4; column++) {
                        assertThat(slice.get(column)).isIn("", finest.get(column));
                    }
                    assertThat(slice.subList(1, 4).stream().filter(v -> !v.isEmpty()))
                            .hasSizeLessThanOrEqualTo(1);
                });
        for (String[] grain : new String[][] {{"day", "" + DAY}, {"month", "" + MONTH}, {"year", "" + YEAR}}) {
            int bucket = Integer.parseInt(grain[1]);
            assertThat(contributions)
                    .contains(cell(kpiId, grain[0], bucket, "", "", "", "", delta))
                    .contains(cell(kpiId, grain[0], bucket, finest.get(0), "", "", "", delta))
                    .filteredOn(c -> c.grain().equals(grain[0]))
                    .hasSize(combinations)
                    .allSatisfy(c -> assertThat(c.bucket()).isEqualTo(bucket));
        }
    }

    @Test
    void coversEveryKpiOfTheCatalog() {
        Set<String> tested =
                everyKpi().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        assertThat(tested)
                .containsExactlyInAnyOrderElementsOf(
                        CATALOG.all().stream().map(KpiDefinition::id).toList());
    }

    @Test
    void rollsUpEveryCombinationOfTheDimensions() {
        assertThat(of("unions_founded_realname", Events.enrollment(EnrollmentEventType.UNION_FOUNDED)))
                .containsExactlyInAnyOrder(
                        cell("unions_founded_realname", "day", DAY, "", "", "", "", 100),
                        cell("unions_founded_realname", "day", DAY, "xixing", "", "", "", 100),
                        cell("unions_founded_realname", "day", DAY, "", "digital_economy", "", "", 100),
                        cell("unions_founded_realname", "day", DAY, "xixing", "digital_economy", "", "", 100),
                        cell("unions_founded_realname", "month", MONTH, "", "", "", "", 100),
                        cell("unions_founded_realname", "month", MONTH, "xixing", "", "", "", 100),
                        cell("unions_founded_realname", "month", MONTH, "", "digital_economy", "", "", 100),
                        cell("unions_founded_realname", "month", MONTH, "xixing", "digital_economy", "", "", 100),
                        cell("unions_founded_realname", "year", YEAR, "", "", "", "", 100),
                        cell("unions_founded_realname", "year", YEAR, "xixing", "", "", "", 100),
                        cell("unions_founded_realname", "year", YEAR, "", "digital_economy", "", "", 100),
                        cell("unions_founded_realname", "year", YEAR, "xixing", "digital_economy", "", "", 100));
    }

    @Test
    void bucketsAreShanghaiCalendarDays() {
        assertThat(LocalDate.ofEpochDay(DAY)).isEqualTo(LocalDate.of(2021, 6, 15));
        assertThat(LocalDate.ofEpochDay(MONTH)).isEqualTo(LocalDate.of(2021, 6, 1));
        assertThat(LocalDate.ofEpochDay(YEAR)).isEqualTo(LocalDate.of(2021, 1, 1));
    }

    @Test
    void anEventJustAfterShanghaiMidnightOnNewYearIsInTheNewYear() {
        // 2022-12-31T16:30Z is 2023-01-01 00:30 in Shanghai: epoch day 19358 for day, month and year
        EnrollmentEvent event = with(
                Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                e -> e.getEnvelope().setOccurredAt(Instant.parse("2022-12-31T16:30:00Z")));
        assertThat(totals("members_joined", event))
                .containsExactly(
                        cell("members_joined", "day", 19358, "", "", "", "", 100),
                        cell("members_joined", "month", 19358, "", "", "", "", 100),
                        cell("members_joined", "year", 19358, "", "", "", "", 100));
        // one millisecond before Shanghai midnight is still 2022-12-31: day 19357, December 19327, 2022 18993
        event.getEnvelope().setOccurredAt(Instant.parse("2022-12-31T15:59:59.999Z"));
        assertThat(totals("members_joined", event))
                .containsExactly(
                        cell("members_joined", "day", 19357, "", "", "", "", 100),
                        cell("members_joined", "month", 19327, "", "", "", "", 100),
                        cell("members_joined", "year", 18993, "", "", "", "", 100));
    }

    private static List<KpiContribution> totals(String kpiId, SpecificRecordBase event) {
        return of(kpiId, event).stream()
                .filter(c -> (c.street() + c.industry() + c.employmentForm() + c.category()).isEmpty())
                .toList();
    }

    @Test
    void membersNetAddsJoinsAndSubtractsLeaves() {
        assertThat(totals("members_net", Events.enrollment(EnrollmentEventType.MEMBER_JOINED)))
                .extracting(KpiContribution::delta)
                .containsExactly(100L, 100L, 100L);
        assertThat(totals("members_net", Events.enrollment(EnrollmentEventType.MEMBER_LEFT)))
                .extracting(KpiContribution::delta)
                .containsExactly(-100L, -100L, -100L);
        assertThat(FAN_OUT.contributions(Events.enrollment(EnrollmentEventType.MEMBER_TRANSFERRED)))
                .as("a transfer is neither a join nor a leave")
                .isEmpty();
    }

    @Test
    void aJoinReachesExactlyTheKpisThatCountIt() {
        List<KpiContribution> contributions =
                FAN_OUT.contributions(Events.enrollment(EnrollmentEventType.MEMBER_JOINED));
        // two KPIs x three grains x six live slices of (street, industry, employment form)
        assertThat(contributions).hasSize(2 * 3 * 6);
        assertThat(contributions.stream().map(KpiContribution::kpiId).distinct())
                .containsExactly("members_joined", "members_net");
    }

    @Test
    void aNewFormUnionIsNoRealNameUnion() {
        EnrollmentEvent newForm =
                with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED), e -> e.setUnionKind(UnionKind.NEW_FORM));
        assertThat(FAN_OUT.contributions(newForm).stream()
                        .map(KpiContribution::kpiId)
                        .distinct())
                .containsExactly("unions_founded_new_form");
    }

    @Test
    void sumsMoneyExactlyToTheFen() {
        assertThat(totals("aid_paid_cny", Events.aid(AidEventType.AID_PAID, "0.01")))
                .extracting(KpiContribution::delta)
                .containsOnly(1L);
        assertThat(totals("aid_paid_cny", Events.aid(AidEventType.AID_PAID, "999999999999.99")))
                .extracting(KpiContribution::delta)
                .containsOnly(99_999_999_999_999L);
        // 0.1 + 0.2 as doubles is not 0.3; as hundredths it is
        long sum = Stream.of("0.10", "0.20")
                .flatMap(a -> totals("aid_paid_cny", Events.aid(AidEventType.AID_PAID, a)).stream()
                        .filter(c -> c.grain().equals("year")))
                .mapToLong(KpiContribution::delta)
                .sum();
        assertThat(sum).isEqualTo(30);
        // the report's 24.7万元 over 52 households (户次): each payment counts one household-time
        assertThat(totals("aid_households", Events.aid(AidEventType.AID_PAID, "4750.05")))
                .extracting(KpiContribution::delta)
                .containsOnly(100L);
    }

    @Test
    void districtLevelEventsFormTheirOwnStreetSliceAndCountInTheDistrictTotal() {
        AidEvent districtLevel = with(
                Events.aid(AidEventType.FUNDS_RAISED, "784000.00"),
                e -> e.getEnvelope().setStreet(null));
        assertThat(of("aid_funds_raised_cny", districtLevel).stream()
                        .filter(c -> c.grain().equals("year")))
                .containsExactlyInAnyOrder(
                        cell("aid_funds_raised_cny", "year", YEAR, "", "", "", "", 78_400_000),
                        cell("aid_funds_raised_cny", "year", YEAR, "district_level", "", "", "", 78_400_000));
    }

    @Test
    void aMissingDimensionIsUnspecifiedNeverAll() {
        TrainingEvent noLevel = with(Events.training(TrainingEventType.COURSE_ENROLLED), e -> {
            e.setSkillLevel(null);
            e.getEnvelope().setIndustry(null);
        });
        List<KpiContribution> day = of("trainings_started", noLevel).stream()
                .filter(c -> c.grain().equals("day"))
                .toList();
        assertThat(day)
                .hasSize(8)
                .contains(cell("trainings_started", "day", DAY, "xixing", "unspecified", "", "", 100))
                .contains(cell("trainings_started", "day", DAY, "xixing", "", "", "unspecified", 100))
                .contains(cell("trainings_started", "day", DAY, "", "", "", "unspecified", 100))
                .contains(cell("trainings_started", "day", DAY, "", "", "", "", 100));
        assertThat(day).filteredOn(c -> c.category().equals("unspecified")).hasSize(2);
    }

    @Test
    void aSumWithoutItsFieldAddsNothingButStillCountsTheEvent() {
        TrainingEvent droppedEarly = Events.training(TrainingEventType.COURSE_DROPPED);
        assertThat(totals("training_hours", droppedEarly))
                .extracting(KpiContribution::delta)
                .containsOnly(0L);
        droppedEarly.setHours(new BigDecimal("3.25"));
        assertThat(totals("training_hours", droppedEarly))
                .extracting(KpiContribution::delta)
                .containsOnly(325L);
    }

    @Test
    void anEventTypeTheReaderDoesNotKnowCountsNowhere() {
        assertThat(FAN_OUT.contributions(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> e.setEventType(LegalEventType.UNKNOWN))))
                .isEmpty();
    }

    @Test
    void refusesARecordOfNoStream() {
        assertThatThrownBy(() -> FAN_OUT.contributions(new Envelope()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Envelope");
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(FAN_OUT);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            KpiFanOut copy = (KpiFanOut) in.readObject();
            AidEvent paid = Events.aid(AidEventType.AID_PAID, "4750.05");
            assertThat(copy.contributions(paid))
                    .containsExactlyElementsOf(FAN_OUT.contributions(paid))
                    .hasSize(24);
        }
    }
}
