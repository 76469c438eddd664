package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.ids.CheckDigits;
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
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    private Optional<String> check(SpecificRecordBase event) {
        return validator.firstProblem(EventStream.of(event), event);
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
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_RECEIVED),
                e -> e.setEventType(LegalEventType.UNKNOWN)))).contains("invalid_field:event_type");
    }

    @Test
    void refusesAnUnknownEnumSymbolInTheEnvelopeAndTheRecord() {
        assertThat(check(with(Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                e -> e.getEnvelope().setIndustry(Industry.UNKNOWN)))).contains("invalid_field:industry");
        assertThat(check(with(Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                e -> e.getEnvelope().setStreet(Street.UNKNOWN)))).contains("invalid_field:street");
        assertThat(check(with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED),
                e -> e.setUnionKind(UnionKind.UNKNOWN)))).contains("invalid_field:union_kind");
    }

    @Test
    void occurredAtMayLeadTheClockByTheSkewButNoMore() {
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_RECEIVED),
                e -> e.getEnvelope().setOccurredAt(NOW.plus(SKEW))))).isEmpty();
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_RECEIVED),
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
            assertThat(check(with(Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                    e -> e.getEnvelope().setEnterpriseCreditCode(code))))
                    .as(code).contains("invalid_field:enterprise_credit_code");
        }
    }

    @Test
    void refusesResidentIdsThatAreNotGb11643() {
        for (String id : List.of(
                "110105194912310021", // wrong check digit
                "11010519490230002" + CheckDigits.residentIdCheckChar("11010519490230002"), // 30 February
                "11010519491231002", // 17 characters
                "110105491231002")) { // 15-digit legacy number
            assertThat(check(with(Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                    e -> e.getEnvelope().setWorkerId(id)))).as(id).contains("invalid_field:worker_id");
        }
        assertThat(check(with(Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                e -> e.getEnvelope().setWorkerId("11010519491231002x")))).isEmpty();
    }

    @Test
    void requiresWhatEachEventTypeNeeds() {
        assertThat(check(with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED),
                e -> e.setUnionKind(null)))).contains("invalid_field:union_kind");
        assertThat(check(with(Events.enrollment(EnrollmentEventType.MEMBER_JOINED),
                e -> e.getEnvelope().setWorkerId(null)))).contains("invalid_field:worker_id");
        assertThat(check(with(Events.training(TrainingEventType.COURSE_COMPLETED),
                e -> e.setHours(null)))).contains("invalid_field:hours");
        assertThat(check(with(Events.training(TrainingEventType.COURSE_DROPPED),
                e -> e.setHours(null)))).isEmpty();
        assertThat(check(with(Events.aid(AidEventType.AID_PAID, "100.00"),
                e -> e.setCategory(null)))).contains("invalid_field:category");
        assertThat(check(with(Events.aid(AidEventType.FUNDS_RAISED, "100.00"),
                e -> e.getEnvelope().setStreet(null)))).isEmpty();
        assertThat(check(with(Events.legal(LegalEventType.LEGAL_GROUP_JOINED),
                e -> e.setGroupArea(null)))).contains("invalid_field:group_area");
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_MEDIATED),
                e -> e.setMediationOutcome(null)))).as("a legal v1 mediation").isEmpty();
    }

    @Test
    void aRealNameUnionNeedsItsEnterpriseANewFormUnionItsEmploymentForm() {
        assertThat(check(with(Events.enrollment(EnrollmentEventType.UNION_FOUNDED),
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
        assertThat(check(with(Events.training(TrainingEventType.COURSE_COMPLETED),
                e -> e.setHours(new BigDecimal("-0.50"))))).contains("invalid_field:hours");
        assertThat(check(with(Events.competition(CompetitionEventType.RESULT_RECORDED),
                e -> e.setPlacing(0)))).contains("invalid_field:placing");
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_RECEIVED),
                e -> e.setCaseId("  ")))).contains("invalid_field:case_id");
        assertThat(check(with(Events.legal(LegalEventType.DISPUTE_RECEIVED),
                e -> e.getEnvelope().setSourceSystem("")))).contains("invalid_field:source_system");
    }

    @Test
    void refusesAStreetOrEnterpriseTheReferenceDataDoesNotKnow() {
        EventValidator withoutPuyan = new EventValidator(
                InMemoryReferenceData.of(List.of(Street.XIXING, Street.CHANGHE), List.of()),
                SKEW, Clock.fixed(NOW, ZoneOffset.UTC));
        TrainingEvent inPuyan = with(Events.training(TrainingEventType.COURSE_ENROLLED), e -> {
            e.getEnvelope().setStreet(Street.PUYAN);
            e.getEnvelope().setEnterpriseCreditCode(null);
        });
        assertThat(withoutPuyan.firstProblem(EventStream.TRAINING, inPuyan)).contains("unknown_street");

        String valid = "9144030071526726XG";
        assertThat(check(with(Events.legal(LegalEventType.LEGAL_PACKAGE_GRANTED),
                e -> e.getEnvelope().setEnterpriseCreditCode(valid)))).contains("unknown_enterprise");
    }

    @Test
    void reportsTheFirstProblemEnvelopeFirstAndSyntaxBeforeReferenceData() {
        AidEvent twoProblems = with(Events.aid(AidEventType.AID_PAID, "0.00"),
                e -> e.getEnvelope().setWorkerId("110105194912310021"));
        assertThat(check(twoProblems)).contains("invalid_field:worker_id");
        LegalEvent unknownAndInvalid = with(Events.legal(LegalEventType.DISPUTE_RECEIVED), e -> {
            e.getEnvelope().setEnterpriseCreditCode("9144030071526726XG");
            e.setCaseId("");
        });
        assertThat(check(unknownAndInvalid)).contains("invalid_field:case_id");
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
            assertThat(copy.firstProblem(EventStream.AID, Events.aid(AidEventType.AID_PAID, "1.00"))).isEmpty();
            assertThat(copy.firstProblem(EventStream.AID, Events.aid(AidEventType.AID_PAID, "0.00")))
                    .contains("invalid_field:amount_cny");
        }
    }
}
