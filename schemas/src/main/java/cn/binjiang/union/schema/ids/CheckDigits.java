package cn.binjiang.union.schema.ids;

import cn.binjiang.union.schema.kpi.KpiCalendar;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Check characters of the two national identifiers the events carry: the unified social credit
 * code of an enterprise (GB 32100-2015) and the resident ID number of a worker (GB 11643-1999).
 * Public so that generators and tests can make valid codes.
 */
public final class CheckDigits {
    /** GB 32100-2015's 31 characters: digits and capitals without I, O, Z, S, V. */
    public static final String CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final int[] RESIDENT_ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String RESIDENT_ID_CHECK_CHARS = "10X98765432";
    /**
     * GB/T 2260's province-level codes, the first two digits of every resident ID: the 31
     * provinces, then 71 Taiwan, 81 Hong Kong, 82 Macao, and 83, which the residence permits of
     * Taiwan residents carry.
     */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83");

    private CheckDigits() {}

    /**
     * The 18th character of a credit code: weights 3^i mod 31 over the first 17, mod 31.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 characters of the code's charset
     */
    public static char creditCodeCheckChar(String first17) {
        requireLength(first17, 17, "the first 17 characters of a credit code");
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            int value = CREDIT_CODE_CHARS.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException(
                        "'" + first17.charAt(i) + "' at position " + (i + 1) + " is not a credit code character");
            }
            sum += value * weight;
            weight = weight * 3 % 31;
        }
        return CREDIT_CODE_CHARS.charAt((31 - sum % 31) % 31);
    }

    /** Whether this is an 18-character unified social credit code with a correct check character. */
    public static boolean isValidCreditCode(String code) {
        if (code.length() != 18 || !code.chars().allMatch(c -> CREDIT_CODE_CHARS.indexOf(c) >= 0)) {
            return false;
        }
        return creditCodeCheckChar(code.substring(0, 17)) == code.charAt(17);
    }

    /**
     * The 18th character of a resident ID: ISO 7064 MOD 11-2 over the first 17 digits.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 digits
     */
    public static char residentIdCheckChar(String first17) {
        requireLength(first17, 17, "the first 17 digits of a resident ID");
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("position " + (i + 1) + " of a resident ID is not a digit");
            }
            sum += (c - '0') * RESIDENT_ID_WEIGHTS[i];
        }
        return RESIDENT_ID_CHECK_CHARS.charAt(sum % 11);
    }

    /**
     * The checks a resident ID number (GB 11643-1999) must pass, in the order they are made: the
     * first that fails is the one reported, named without the ID's value.
     */
    public enum ResidentIdCheck {
        LENGTH("is not 18 characters long"),
        CHARACTERS("is not 17 digits followed by a digit or X"),
        REGION("does not start with a province code"),
        BIRTH_DATE("has no real birth date (characters 7-14, 1900 to today)"),
        CHECK_CHARACTER("fails the check character (ISO 7064 MOD 11-2)");

        private final String failure;

        ResidentIdCheck(String failure) {
            this.failure = failure;
        }

        /** What is wrong with an ID failing this check, e.g. "fails the check character (ISO 7064 MOD 11-2)". */
        public String failure() {
            return failure;
        }
    }

    /**
     * The first check this resident ID fails, or empty if it is valid: 18 characters, 17 digits then
     * a digit or X (lower-case x accepted), a province-level region code (the first two digits; the
     * full six-digit county table changes every year and is not kept here), a birth date
     * (characters 7-14, yyyyMMdd) that exists, from 1900 and not after today in Shanghai, and the
     * check character.
     */
    public static Optional<ResidentIdCheck> failedResidentIdCheck(String id) {
        if (id.length() != 18) {
            return Optional.of(ResidentIdCheck.LENGTH);
        }
        char last = Character.toUpperCase(id.charAt(17));
        if (!id.chars().limit(17).allMatch(CheckDigits::isDigit) || !(isDigit(last) || last == 'X')) {
            return Optional.of(ResidentIdCheck.CHARACTERS);
        }
        if (!PROVINCES.contains(id.substring(0, 2))) {
            return Optional.of(ResidentIdCheck.REGION);
        }
        if (!plausibleBirthDate(id.substring(6, 14))) {
            return Optional.of(ResidentIdCheck.BIRTH_DATE);
        }
        if (last != residentIdCheckChar(id.substring(0, 17))) {
            return Optional.of(ResidentIdCheck.CHECK_CHARACTER);
        }
        return Optional.empty();
    }

    /** Whether this is a resident ID that passes every {@link ResidentIdCheck}. */
    public static boolean isValidResidentId(String id) {
        return failedResidentIdCheck(id).isEmpty();
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean plausibleBirthDate(String yyyyMMdd) {
        try {
            LocalDate birth = LocalDate.of(
                    Integer.parseInt(yyyyMMdd.substring(0, 4)),
                    Integer.parseInt(yyyyMMdd.substring(4, 6)),
                    Integer.parseInt(yyyyMMdd.substring(6, 8)));
            return birth.getYear() >= 1900 && !birth.isAfter(LocalDate.now(KpiCalendar.ZONE));
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static void requireLength(String value, int length, String what) {
        if (value.length() != length) {
            throw new IllegalArgumentException(what + " must be " + length + " characters, got " + value.length());
        }
    }
}
