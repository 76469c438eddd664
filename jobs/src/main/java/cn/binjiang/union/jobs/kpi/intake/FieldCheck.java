package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.ids.CheckDigits;
import cn.binjiang.union.schema.ids.PersonalDataMasker;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a set field's value must satisfy, by Avro field name: a name means the same in every
 * stream, so one table serves all five. Enum values are checked apart (UNKNOWN is never valid).
 * Each check says what is wrong with a value it refuses, in words that follow the field's name
 * ("worker_id fails the check character ..."), never repeating a value that may be personal.
 */
enum FieldCheck {
    NOT_BLANK {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            return blank(value);
        }
    },
    /**
     * A string stored as it is in a raw table (identifiers of unions, courses, competitions and
     * cases; titles; the source system): no resident ID may ride in it, so a value the masker would
     * mask is refused rather than stored. Such a value is a producer's mistake, and refusing it
     * keeps these columns readable for analysts, as a pseudonym would not.
     */
    FREE_TEXT {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            return blank(value)
                    .or(() -> PersonalDataMasker.mayHoldResidentId((CharSequence) value)
                            ? Optional.of("looks like it holds a resident ID (15 or more digits in a row)")
                            : Optional.empty());
        }
    },
    CREDIT_CODE {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            String code = (String) value;
            if (CheckDigits.isValidCreditCode(code)) {
                return Optional.empty();
            }
            String what = code.length() != 18
                    ? "is " + code.length() + " characters long, not 18"
                    : code.chars().allMatch(c -> CheckDigits.CREDIT_CODE_CHARS.indexOf(c) >= 0)
                            ? "fails the check character (GB 32100-2015)"
                            : "has characters outside GB 32100-2015's alphabet (0-9 and capitals but I O S V Z)";
            return Optional.of(code + " " + what);
        }
    },
    RESIDENT_ID {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            return CheckDigits.failedResidentIdCheck((String) value).map(CheckDigits.ResidentIdCheck::failure);
        }
    },
    POSITIVE {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            return signum(value) > 0 ? Optional.empty() : Optional.of("is " + value + ", not above 0");
        }
    },
    NOT_NEGATIVE {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            return signum(value) >= 0 ? Optional.empty() : Optional.of("is " + value + ", below 0");
        }
    },
    /** Not later than now plus the clock-skew tolerance: a producer's clock may run a bit fast. */
    NOT_IN_FUTURE {
        @Override
        Optional<String> fault(Object value, Instant latestOccurrence) {
            return ((Instant) value).isAfter(latestOccurrence)
                    ? Optional.of(
                            "is " + value + ", after " + latestOccurrence + " (now plus the clock-skew tolerance)")
                    : Optional.empty();
        }
    };

    /**
     * The checks of the fields that have one of their own; every other string field is
     * {@link #FREE_TEXT}, every other field has none. {@code household_id} and
     * {@code certificate_id} may hold long digit runs (a household is often filed under its
     * head's resident ID, certificate numbers are digits): they are only required not blank,
     * because {@link ResidentIdPseudonymiser} replaces them after validation.
     */
    static final Map<String, FieldCheck> BY_FIELD = Map.ofEntries(
            Map.entry("occurred_at", NOT_IN_FUTURE),
            Map.entry("revision", NOT_NEGATIVE),
            Map.entry("enterprise_credit_code", CREDIT_CODE),
            Map.entry("worker_id", RESIDENT_ID),
            Map.entry("household_id", NOT_BLANK),
            Map.entry("certificate_id", NOT_BLANK),
            Map.entry("amount_cny", POSITIVE),
            Map.entry("hours", NOT_NEGATIVE),
            Map.entry("enterprise_employee_count", POSITIVE),
            Map.entry("placing", POSITIVE),
            Map.entry("invention_patents", NOT_NEGATIVE));

    /** What is wrong with this set value, following the field's name; empty if it is acceptable. */
    abstract Optional<String> fault(Object value, Instant latestOccurrence);

    private static Optional<String> blank(Object value) {
        return ((CharSequence) value).toString().isBlank() ? Optional.of("is blank") : Optional.empty();
    }

    private static int signum(Object number) {
        return number instanceof BigDecimal decimal ? decimal.signum() : Long.signum(((Number) number).longValue());
    }
}
