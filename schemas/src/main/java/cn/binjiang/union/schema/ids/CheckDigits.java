package cn.binjiang.union.schema.ids;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Check characters of the two national identifiers the events carry: the unified social credit
 * code of an enterprise (GB 32100-2015) and the resident ID number of a worker (GB 11643-1999).
 * Public so that generators and tests can make valid codes.
 */
public final class CheckDigits {
    /** GB 32100-2015's 31 characters: digits and capitals without I, O, Z, S, V. */
    private static final String CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] RESIDENT_ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String RESIDENT_ID_CHECK_CHARS = "10X98765432";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

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
     * Whether this is an 18-character resident ID (17 digits, then a digit or X, lower-case x
     * accepted) with a correct check character and a birth date (characters 7-14, yyyyMMdd)
     * that exists, from 1900 and not after today in Shanghai.
     */
    public static boolean isValidResidentId(String id) {
        if (id.length() != 18 || !id.chars().limit(17).allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Character.toUpperCase(id.charAt(17)) == residentIdCheckChar(id.substring(0, 17))
                && plausibleBirthDate(id.substring(6, 14));
    }

    private static boolean plausibleBirthDate(String yyyyMMdd) {
        try {
            LocalDate birth = LocalDate.of(
                    Integer.parseInt(yyyyMMdd.substring(0, 4)),
                    Integer.parseInt(yyyyMMdd.substring(4, 6)),
                    Integer.parseInt(yyyyMMdd.substring(6, 8)));
            return birth.getYear() >= 1900 && !birth.isAfter(LocalDate.now(SHANGHAI));
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
