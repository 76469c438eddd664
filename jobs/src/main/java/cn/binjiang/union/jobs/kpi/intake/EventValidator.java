package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.jobs.kpi.intake.RequiredFields.Requirement;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.kpi.Dimension;
import cn.binjiang.union.schema.kpi.EventField;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Decides whether a decoded event may count, and if not, why: the first problem found as a
 * dead-letter reason code. Checks, in this order:
 *
 * <ol>
 *   <li>the event type is one this reader knows (not {@code UNKNOWN});
 *   <li>field by field, envelope first, in schema order: set where its event type requires it
 *       ({@link RequiredFields}); an enum not {@code UNKNOWN}; the value's own check
 *       ({@link FieldCheck}: credit code and resident ID checks, amounts positive,
 *       {@code occurred_at} no later than now plus the clock-skew tolerance, strings not blank,
 *       free text without anything that may be a resident ID);
 *   <li>the street and the enterprise are in the reference data.
 * </ol>
 *
 * <p>Reasons: {@code invalid_field:<avro field name>}, {@code unknown_street},
 * {@code unknown_enterprise}. They name fields, never values, so a reason can be logged and
 * stored even when the value at fault is a resident ID. The detail says what exactly was wrong,
 * prefixed by the stream and event type: the check a resident ID failed (never the ID), the value
 * of any other field, the street or credit code the reference data lacks. Validate before {@link
 * ResidentIdPseudonymiser} replaces {@code worker_id}: a pseudonym is no resident ID.
 */
public final class EventValidator implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String UNKNOWN_STREET = "unknown_street";
    public static final String UNKNOWN_ENTERPRISE = "unknown_enterprise";
    private static final String INVALID_FIELD = "invalid_field:";
    private static final String UNKNOWN_SYMBOL = "UNKNOWN";

    private final ReferenceData referenceData;
    private final Duration clockSkew;
    private final Clock clock;
    private final StreamRules[] streams;

    /** One stream's fields, each with its check, and what each event type requires of them. */
    private record StreamRules(
            Class<?> recordClass,
            EventField eventType,
            EventField[] fields,
            FieldCheck[] checks,
            Requirement[][] requirements,
            EventField street,
            EventField creditCode)
            implements Serializable {

        static StreamRules of(EventStream<?> stream) {
            List<EventField> fields = EventField.all(stream).stream()
                    .filter(field -> !field.name().equals("event_type"))
                    .toList();
            FieldCheck[] checks = fields.stream()
                    .map(field -> FieldCheck.BY_FIELD.getOrDefault(
                            field.name(), field.kind() == EventField.Kind.STRING ? FieldCheck.FREE_TEXT : null))
                    .toArray(FieldCheck[]::new);
            return new StreamRules(
                    stream.recordClass(),
                    EventField.of(stream, "event_type").orElseThrow(),
                    fields.toArray(EventField[]::new),
                    checks,
                    RequiredFields.of(stream, fields),
                    EventField.of(stream, "street").orElseThrow(),
                    EventField.of(stream, "enterprise_credit_code").orElseThrow());
        }
    }

    /**
     * @param clockSkew how far in the future {@code occurred_at} may lie: producers' clocks drift
     * @param clock the job's clock ({@link Clock#systemUTC()}; a fixed one in tests)
     */
    public EventValidator(ReferenceData referenceData, Duration clockSkew, Clock clock) {
        this.referenceData = referenceData;
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.streams = EventStream.all().stream().map(StreamRules::of).toArray(StreamRules[]::new);
    }

    /** The reason code for an invalid field: {@code invalid_field:<avro field name>}. */
    public static String invalidField(String avroFieldName) {
        return INVALID_FIELD + avroFieldName;
    }

    /**
     * The first problem of this event of this stream, or empty if it is valid.
     *
     * @throws IllegalArgumentException if the event is not a record of {@code stream}
     */
    public Optional<Rejection> firstProblem(EventStream<?> stream, SpecificRecordBase event) {
        if (stream.recordClass() != event.getClass()) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not a " + stream + " event");
        }
        StreamRules rules = rulesOf(stream);
        Enum<?> type = (Enum<?>) rules.eventType.read(event);
        String about = stream.name() + " " + type.name() + ": ";
        if (type.name().equals(UNKNOWN_SYMBOL)) {
            return Optional.of(new Rejection(
                    invalidField(rules.eventType.name()), about + "event_type is a type newer than this job's schema"));
        }
        Instant latestOccurrence = clock.instant().plus(clockSkew);
        Requirement[] required = rules.requirements[type.ordinal()];
        for (int i = 0; i < rules.fields.length; i++) {
            EventField field = rules.fields[i];
            Optional<String> fault = fault(field, rules.checks[i], required[i], event, latestOccurrence);
            if (fault.isPresent()) {
                return Optional.of(new Rejection(invalidField(field.name()), about + field.name() + " " + fault.get()));
            }
        }
        return unknownInReferenceData(rules, event, about);
    }

    private static Optional<String> fault(
            EventField field,
            FieldCheck check,
            Requirement requirement,
            SpecificRecordBase event,
            Instant latestOccurrence) {
        Object value = field.read(event);
        if (value == null) {
            return requirement == null || !requirement.applies(event)
                    ? Optional.empty()
                    : Optional.of("is required but not set");
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name().equals(UNKNOWN_SYMBOL)
                    ? Optional.of("is a symbol newer than this job's schema")
                    : Optional.empty();
        }
        return check == null ? Optional.empty() : check.fault(value, latestOccurrence);
    }

    private Optional<Rejection> unknownInReferenceData(StreamRules rules, SpecificRecordBase event, String about) {
        Street street = (Street) rules.street.read(event);
        if (street != null && !referenceData.knowsStreet(street)) {
            return Optional.of(new Rejection(
                    UNKNOWN_STREET,
                    about + "street " + Dimension.sliceValue(street) + " is not in the streets reference data"));
        }
        String creditCode = (String) rules.creditCode.read(event);
        if (creditCode != null && referenceData.enterprise(creditCode).isEmpty()) {
            return Optional.of(new Rejection(
                    UNKNOWN_ENTERPRISE,
                    about + "enterprise_credit_code " + creditCode + " is not in the enterprises reference data"));
        }
        return Optional.empty();
    }

    private StreamRules rulesOf(EventStream<?> stream) {
        for (StreamRules rules : streams) {
            if (rules.recordClass == stream.recordClass()) {
                return rules;
            }
        }
        throw new IllegalArgumentException("no rules for stream " + stream);
    }
}
