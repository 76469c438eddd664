package cn.binjiang.union.jobs.kpi.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.AidEvent;
import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.CompetitionEventType;
import cn.binjiang.union.schema.avro.EnrollmentEvent;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.LegalEvent;
import cn.binjiang.union.schema.avro.LegalEventType;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.avro.TrainingEvent;
import cn.binjiang.union.schema.avro.TrainingEventType;
import cn.binjiang.union.schema.avro.UnionKind;
import cn.binjiang.union.schema.ids.CheckDigits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reason an event is refused at intake, and the valid events it must let through.
 *
 * <p>Longer than 300 lines on purpose: one case per reason of refusal, with the event that shows it.
 */
class EventValidatorTest {
    private static final Instant NOW = Events.OCCURRED_AT.plus(Duration.ofDays(1));
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final EventValidator validator =
            new EventValidator(Events.referenceData(), SKEW, Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<SpecificRecordBase> everyEventType() {
        return Stream.of(
                        Arrays.stream(EnrollmentEventType.values()).skip(1).map(Events::enrollment),
                        Arrays.stream(TrainingEventType.values()).skip(1).map(Events::training),
                        Arrays.stream(CompetitionEventType.values()).skip(1).map(Events::competition),
                        Arrays.stream(AidEventType.values()).skip(1).map(t -> Events.aid(t, "100.00")),
                        Arrays.stream(LegalEventType.values()).skip(1).map(Events::legal))
                .flatMap(s -> s);
    }

    /** The reason code of the event's first problem. */
    private Optional<String> check(SpecificRecordBase event) {
        return validator.firstProblem(EventStream.of(event), event).map(Rejection::reason);
    }

    /** The detail of the event's first problem. */
    private String detail(SpecificRecordBase event) {
        return validator
                .firstProblem(EventStream.of(event), event)
                .orElseThrow()
                .detail();
    }

    private static <T extends SpecificRecordBase> T with(T event, Consumer<T> change) {
        change.accept(event);
        return event;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void acceptsAValidEventOfEveryType(SpecificRecordBase event) {
        assertThat(check(event)).isEmpty();
    }

    @Test
    void refusesAnEventTypeThisReaderDoesNotKnow() {
        assertThat(check(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> e.setEventType(LegalEventType.UNKNOWN))))
                .contains("invalid_field:event_type");
    }

    @Test
    void refusesAnUnknownEnumSymbolInTheEnvelopeAndTheRecord() {
        assertThat(check(with(
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        e -> e.getEnvelope().setIndustry(Industry.UNKNOWN))))
                .contains("invalid_field:industry");
        assertThat(check(with(
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        e -> e.getEnvelope().setStreet(Street.UNKNOWN))))
                .contains("invalid_field:street");
        assertThat(check(with(
                        Events.enrollment(EnrollmentEventType.UNION_FOUNDED), e -> e.setUnionKind(UnionKind.UNKNOWN))))
                .contains("invalid_field:union_kind");
    }

    @Test
    void occurredAtMayLeadTheClockByTheSkewButNoMore() {
        assertThat(check(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED),
                        e -> e.getEnvelope().setOccurredAt(NOW.plus(SKEW)))))
                .isEmpty();
        assertThat(check(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED),
                        e -> e.getEnvelope().setOccurredAt(NOW.plus(SKEW).plusMillis(1)))))
                .contains("invalid_field:occurred_at");
    }

    @Test
    void refusesCreditCodesThatAreNotGb32100() {
        for (String code : List.of(
                "91330100716105852G", // wrong check character
                "91330100716105852f", // lower case
                "91330108MA2CFTEST1", // S is not in the code's alphabet
                "91330100716105852")) { // 17 characters
            assertThat(check(with(
                            Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                            e -> e.getEnvelope().setEnterpriseCreditCode(code))))
                    .as(code)
                    .contains("invalid_field:enterprise_credit_code");
        }
    }

    @Test
    void refusesResidentIdsThatAreNotGb11643() {
        for (String id : List.of(
                "110105194912310021", // wrong check digit
                "11010519490230002" + CheckDigits.residentIdCheckChar("11010519490230002"), // 30 February
                "11010519491231002", // 17 characters
                "110105491231002")) { // 15-digit legacy number
            assertThat(check(with(
                            Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                            e -> e.getEnvelope().setWorkerId(id))))
                    .as(id)
                    .contains("invalid_field:worker_id");
        }
        assertThat(check(with(
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        e -> e.getEnvelope().setWorkerId("11010519491231002x"))))
                .isEmpty();
    }

    @Test
    void requiresWhatEachEventTypeNeeds() {
        assertThat(check(with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED), e -> e.setUnionKind(null))))
                .contains("invalid_field:union_kind");
        assertThat(check(with(
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        e -> e.getEnvelope().setWorkerId(null))))
                .contains("invalid_field:worker_id");
        assertThat(check(with(Events.training(TrainingEventType.COURSE_COMPLETED), e -> e.setHours(null))))
                .contains("invalid_field:hours");
        assertThat(check(with(Events.training(TrainingEventType.COURSE_DROPPED), e -> e.setHours(null))))
                .isEmpty();
        assertThat(check(with(Events.aid(AidEventType.AID_PAID, "100.00"), e -> e.setCategory(null))))
                .contains("invalid_field:category");
        assertThat(check(with(
                        Events.aid(AidEventType.FUNDS_RAISED, "100.00"),
                        e -> e.getEnvelope().setStreet(null))))
                .isEmpty();
        assertThat(check(with(Events.legal(LegalEventType.LEGAL_GROUP_JOINED), e -> e.setGroupArea(null))))
                .contains("invalid_field:group_area");
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_MEDIATED), e -> e.setMediationOutcome(null))))
                .as("a legal v1 mediation")
                .isEmpty();
    }

    @Test
    void aRealNameUnionNeedsItsEnterpriseANewFormUnionItsEmploymentForm() {
        assertThat(check(with(
                        Events.enrollment(EnrollmentEventType.UNION_FOUNDED),
                        e -> e.getEnvelope().setEnterpriseCreditCode(null))))
                .contains("invalid_field:enterprise_credit_code");
        EnrollmentEvent newForm = with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED), e -> {
            e.setUnionKind(UnionKind.NEW_FORM);
            e.getEnvelope().setEnterpriseCreditCode(null);
        });
        assertThat(check(newForm)).isEmpty();
        newForm.getEnvelope().setEmploymentForm(null);
        assertThat(check(newForm)).contains("invalid_field:employment_form");
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThat(check(Events.aid(AidEventType.AID_PAID, "0.00"))).contains("invalid_field:amount_cny");
        assertThat(check(Events.aid(AidEventType.FUNDS_RAISED, "-1.00"))).contains("invalid_field:amount_cny");
        assertThat(check(with(
                        Events.training(TrainingEventType.COURSE_COMPLETED), e -> e.setHours(new BigDecimal("-0.50")))))
                .contains("invalid_field:hours");
        assertThat(check(with(Events.competition(CompetitionEventType.RESULT_RECORDED), e -> e.setPlacing(0))))
                .contains("invalid_field:placing");
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> e.setCaseId("  "))))
                .contains("invalid_field:case_id");
        assertThat(check(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED),
                        e -> e.getEnvelope().setSourceSystem(""))))
                .contains("invalid_field:source_system");
    }

    @Test
    void refusesAStreetOrEnterpriseTheReferenceDataDoesNotKnow() {
        EventValidator withoutPuyan = new EventValidator(
                InMemoryReferenceData.of(List.of(Street.XIXING, Street.CHANGHE), List.of()),
                SKEW,
                Clock.fixed(NOW, ZoneOffset.UTC));
        TrainingEvent inPuyan = with(Events.training(TrainingEventType.COURSE_ENROLLED), e -> {
            e.getEnvelope().setStreet(Street.PUYAN);
            e.getEnvelope().setEnterpriseCreditCode(null);
        });
        assertThat(withoutPuyan.firstProblem(EventStream.TRAINING, inPuyan))
                .contains(new Rejection(
                        "unknown_street",
                        "training COURSE_ENROLLED: street puyan is not in the streets reference data"));

        String valid = "9144030071526726XG";
        assertThat(check(with(
                        Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                        e -> e.getEnvelope().setEnterpriseCreditCode(valid))))
                .contains("unknown_enterprise");
    }

    @Test
    void reportsTheFirstProblemEnvelopeFirstAndSyntaxBeforeReferenceData() {
        AidEvent twoProblems = with(
                Events.aid(AidEventType.AID_PAID, "0.00"), e -> e.getEnvelope().setWorkerId("110105194912310021"));
        assertThat(check(twoProblems)).contains("invalid_field:worker_id");
        LegalEvent unknownAndInvalid = with(Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> {
            e.getEnvelope().setEnterpriseCreditCode("9144030071526726XG");
            e.setCaseId("");
        });
        assertThat(check(unknownAndInvalid)).contains("invalid_field:case_id");
    }

    @Test
    void theDetailNamesTheCheckAResidentIdFailedWithoutTheId() {
        String feb30 = "33010619900230123";
        String region99 = "99010619900307123";
        Map<String, String> failures = Map.of(
                "33010619900307123",
                "is not 18 characters long",
                "3301061990030712AX",
                "is not 17 digits followed by a digit or X",
                region99 + CheckDigits.residentIdCheckChar(region99),
                "does not start with a province code",
                feb30 + CheckDigits.residentIdCheckChar(feb30),
                "has no real birth date (characters 7-14, 1900 to today)",
                "330106199003071230",
                "fails the check character (ISO 7064 MOD 11-2)");
        failures.forEach((id, failure) -> assertThat(detail(with(
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        e -> e.getEnvelope().setWorkerId(id))))
                .as(failure)
                .isEqualTo("enrollment MEMBER_JOINED: worker_id " + failure));
    }

    @Test
    void theDetailSaysWhatWasWrongWithAnyOtherField() {
        assertThat(detail(with(
                        Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                        e -> e.getEnvelope().setEnterpriseCreditCode("91330100716105852G"))))
                .isEqualTo(
                        "legal LEGAL_PACKAGE_GRANTED: enterprise_credit_code 91330100716105852G fails the check character (GB 32100-2015)");
        assertThat(detail(with(
                        Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                        e -> e.getEnvelope().setEnterpriseCreditCode("91330108MA2CFTEST1"))))
                .isEqualTo(
                        "legal LEGAL_PACKAGE_GRANTED: enterprise_credit_code 91330108MA2CFTEST1 has characters outside "
                                + "GB 32100-2015's alphabet (0-9 and capitals but I O S V Z)");
        assertThat(detail(with(
                        Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                        e -> e.getEnvelope().setEnterpriseCreditCode("9133010071610585"))))
                .isEqualTo(
                        "legal LEGAL_PACKAGE_GRANTED: enterprise_credit_code 9133010071610585 is 16 characters long, not 18");
        assertThat(detail(Events.aid(AidEventType.AID_PAID, "0.00")))
                .isEqualTo("aid AID_PAID: amount_cny is 0.00, not above 0");
        assertThat(detail(with(
                        Events.training(TrainingEventType.COURSE_COMPLETED), e -> e.setHours(new BigDecimal("-0.50")))))
                .isEqualTo("training COURSE_COMPLETED: hours is -0.50, below 0");
        assertThat(detail(with(
                        Events.training(TrainingEventType.COURSE_COMPLETED),
                        e -> e.getEnvelope().setRevision(-1))))
                .isEqualTo("training COURSE_COMPLETED: revision is -1, below 0");
        assertThat(detail(with(Events.training(TrainingEventType.COURSE_COMPLETED), e -> e.setHours(null))))
                .isEqualTo("training COURSE_COMPLETED: hours is required but not set");
        assertThat(detail(with(Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> e.setCaseId("  "))))
                .isEqualTo("legal DISPUTE_RECEIVED: case_id is blank");
        assertThat(detail(with(
                        Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                        e -> e.getEnvelope().setIndustry(Industry.UNKNOWN))))
                .isEqualTo("enrollment MEMBER_JOINED: industry is a symbol newer than this job's schema");
        assertThat(detail(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> e.setEventType(LegalEventType.UNKNOWN))))
                .isEqualTo("legal UNKNOWN: event_type is a type newer than this job's schema");
        assertThat(detail(with(
                        Events.legal(LegalEventType.DISPUTE_RECEIVED),
                        e -> e.getEnvelope().setOccurredAt(NOW.plus(SKEW).plusMillis(1)))))
                .isEqualTo(
                        "legal DISPUTE_RECEIVED: occurred_at is 2021-06-16T02:05:00.001Z, after 2021-06-16T02:05:00Z "
                                + "(now plus the clock-skew tolerance)");
        assertThat(detail(with(
                        Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                        e -> e.getEnvelope().setEnterpriseCreditCode("9144030071526726XG"))))
                .isEqualTo(
                        "legal LEGAL_PACKAGE_GRANTED: enterprise_credit_code 9144030071526726XG is not in the enterprises reference data");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("freeTextFields")
    void refusesAResidentIdInAnyFreeTextField(String field, SpecificRecordBase event) {
        assertThat(check(event)).contains("invalid_field:" + field);
        assertThat(detail(event))
                .endsWith(": " + field + " looks like it holds a resident ID (15 or more digits in a row)")
                .doesNotContain("330106");
    }

    static Stream<Arguments> freeTextFields() {
        String id = "330106 19900307 123X";
        return Stream.of(
                Arguments.of(
                        "source_system",
                        with(
                                Events.legal(LegalEventType.DISPUTE_RECEIVED),
                                e -> e.getEnvelope().setSourceSystem("app " + id))),
                Arguments.of(
                        "union_id",
                        with(Events.enrollment(EnrollmentEventType.MEMBER_JOINED), e -> e.setUnionId("U-" + id))),
                Arguments.of(
                        "transfer_to_union_id",
                        with(
                                Events.enrollment(EnrollmentEventType.MEMBER_TRANSFERRED),
                                e -> e.setTransferToUnionId("330106199003071236"))),
                Arguments.of(
                        "course_id",
                        with(Events.training(TrainingEventType.COURSE_ENROLLED), e -> e.setCourseId("C" + id))),
                Arguments.of(
                        "competition_id",
                        with(
                                Events.competition(CompetitionEventType.COMPETITION_OPENED),
                                e -> e.setCompetitionId("33010619900307123"))),
                Arguments.of(
                        "title",
                        with(
                                Events.competition(CompetitionEventType.CRAFTSMAN_NAMED),
                                e -> e.setTitle("工匠 330106900307123"))),
                Arguments.of(
                        "case_id",
                        with(
                                Events.legal(LegalEventType.DISPUTE_RECEIVED),
                                e -> e.setCaseId("L-330106-19900307-1236"))));
    }

    @Test
    void householdAndCertificateNumbersMayHoldDigitRunsTheyArePseudonymisedLater() {
        assertThat(check(with(
                        Events.aid(AidEventType.AID_PAID, "100.00"), e -> e.setHouseholdId("HH-330106199003071236"))))
                .isEmpty();
        assertThat(check(with(
                        Events.training(TrainingEventType.CERTIFICATE_EARNED),
                        e -> e.setCertificateId("S330106199003071"))))
                .isEmpty();
    }

    @Test
    void refusesAnEventOfAnotherStream() {
        assertThatThrownBy(() -> validator.firstProblem(EventStream.AID, Events.legal(LegalEventType.DISPUTE_RECEIVED)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(validator);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            EventValidator copy = (EventValidator) in.readObject();
            assertThat(copy.firstProblem(EventStream.AID, Events.aid(AidEventType.AID_PAID, "1.00")))
                    .isEmpty();
            assertThat(copy.firstProblem(EventStream.AID, Events.aid(AidEventType.AID_PAID, "0.00"))
                            .map(Rejection::reason))
                    .contains("invalid_field:amount_cny");
        }
    }
}
