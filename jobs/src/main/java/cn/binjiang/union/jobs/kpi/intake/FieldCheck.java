package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.ids.CheckDigits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What a set field's value must satisfy, by Avro field name: a name means the same in every
 * stream, so one table serves all five. Enum values are checked apart (UNKNOWN is never valid),
 * and every string without a check of its own must not be blank.
 */
enum FieldCheck {
    NOT_BLANK {
        @Override
        boolean accepts(Object value, Instant latestOccurrence) {
            return !((CharSequence) value).toString().isBlank();
        }
    },
    CREDIT_CODE {
        @Override
        boolean accepts(Object value, Instant latestOccurrence) {
            return CheckDigits.isValidCreditCode((String) value);
        }
    },
    RESIDENT_ID {
        @Override
        boolean accepts(Object value, Instant latestOccurrence) {
            return CheckDigits.isValidResidentId((String) value);
        }
    },
    POSITIVE {
        @Override
        boolean accepts(Object value, Instant latestOccurrence) {
            return signum(value) > 0;
        }
    },
    NOT_NEGATIVE {
        @Override
        boolean accepts(Object value, Instant latestOccurrence) {
            return signum(value) >= 0;
        }
    },
    /** Not later than now plus the clock-skew tolerance: a producer's clock may run a bit fast. */
    NOT_IN_FUTURE {
        @Override
        boolean accepts(Object value, Instant latestOccurrence) {
            return !((Instant) value).isAfter(latestOccurrence);
        }
    };

    /** The checks of the fields that have one beyond "not blank"; every other field has none. */
    static final Map<String, FieldCheck> BY_FIELD = Map.of(
            "occurred_at", NOT_IN_FUTURE,
            "enterprise_credit_code", CREDIT_CODE,
            "worker_id", RESIDENT_ID,
            "amount_cny", POSITIVE,
            "hours", NOT_NEGATIVE,
            "enterprise_employee_count", POSITIVE,
            "placing", POSITIVE,
            "invention_patents", NOT_NEGATIVE);

    abstract boolean accepts(Object value, Instant latestOccurrence);

    private static int signum(Object number) {
        return number instanceof BigDecimal decimal ? decimal.signum() : Long.signum(((Number) number).longValue());
    }
}
