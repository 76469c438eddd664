package cn.binjiang.union.schema.ids;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Masks everything that may be a resident ID number, so that dead letters and logs never hold
 * one in clear text.
 *
 * <p>What is masked: every run of 15 or more ASCII digits, counted across single spaces or
 * hyphens between groups of digits ({@code 330106 19900307 123X}, {@code 330106-19900307-1234}),
 * together with a directly following {@code X} or {@code x} (the check character 10). 15 digits
 * is the legacy ID; 17 are an 18-character ID without its check character, which the MOD 11-2
 * formula gives back, so they are masked as well. Longer runs are masked whole: an ID glued to
 * other digits in binary garbage is still an ID. Each digit and the X become {@code *}, all of
 * them (the last digits of an ID narrow it down too much to keep); separators stay.
 *
 * <p>The one exception is an enterprise's unified social credit code, which a dead letter should
 * keep for diagnosis and which is no personal data: 18 characters standing alone, without
 * separators, that pass the GB 32100-2015 check. Still masked, because it may be a resident ID
 * whatever the credit-code check says: 17 digits and a digit or X that pass the ID's own MOD 11-2
 * check, or that start with a province code and a real birth date (an ID mistyped in its check
 * character passes the credit-code check one time in 31, and its first 17 digits are the person's).
 *
 * <p>It works on bytes because a dead letter's payload may not decode: ASCII digits, X, space and
 * hyphen are single bytes in UTF-8 (and in Avro's strings) and never part of a multi-byte
 * sequence, so the same scan serves text. Masking keeps the length, so a masked Avro payload still
 * decodes, with the ID as asterisks. It over-masks rather than misses: long numbers (a card number,
 * a UUID whose groups happen to be all digits, amounts written one after the other) are masked too.
 */
public final class PersonalDataMasker {
    /** 15 digits: the legacy ID; an 18-character one has 17 before its check character. */
    private static final int SHORTEST_ID_DIGITS = 15;

    private static final int CREDIT_CODE_LENGTH = 18;
    private static final byte MASK = '*';

    private PersonalDataMasker() {}

    /** A copy of the bytes with every possible resident ID masked; the input is left as it is. */
    public static byte[] mask(byte[] bytes) {
        byte[] masked = bytes.clone();
        maskInPlace(masked);
        return masked;
    }

    /** The text with every possible resident ID masked (the same text when there is none). */
    public static String mask(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return maskInPlace(bytes) ? new String(bytes, StandardCharsets.UTF_8) : text;
    }

    /** Whether {@link #mask(String)} would mask anything in this text: it may hold a resident ID. */
    public static boolean mayHoldResidentId(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return maskInPlace(bytes);
    }

    /** Masks in place; whether anything was masked. */
    private static boolean maskInPlace(byte[] bytes) {
        boolean masked = false;
        int i = 0;
        while (i < bytes.length) {
            if (!isDigit(bytes[i])) {
                i++;
                continue;
            }
            Run run = Run.at(bytes, i);
            if (run.digits >= SHORTEST_ID_DIGITS && !run.isCreditCode(bytes)) {
                for (int k = run.start; k < run.end; k++) {
                    if (!isSeparator(bytes[k])) bytes[k] = MASK;
                }
                masked = true;
            }
            i = run.end;
        }
        return masked;
    }

    /**
     * Groups of digits joined by single separators, and a check character X right after the last
     * group: {@code [start, end)}, {@code digits} of them digits.
     */
    private record Run(int start, int end, int digits, boolean separated) {
        static Run at(byte[] bytes, int start) {
            int i = start;
            int digits = 0;
            boolean separated = false;
            while (true) {
                while (i < bytes.length && isDigit(bytes[i])) {
                    i++;
                    digits++;
                }
                if (i + 1 < bytes.length && isSeparator(bytes[i]) && isDigit(bytes[i + 1])) {
                    separated = true;
                    i++;
                    continue;
                }
                break;
            }
            if (i < bytes.length && (bytes[i] == 'X' || bytes[i] == 'x')) {
                i++;
            }
            return new Run(start, i, digits, separated);
        }

        /** An 18-character credit code standing alone from {@code start}, that is no possible resident ID. */
        boolean isCreditCode(byte[] bytes) {
            int codeEnd = start + CREDIT_CODE_LENGTH;
            if (separated
                    || digits > CREDIT_CODE_LENGTH
                    || codeEnd > bytes.length
                    || (start > 0 && isAlphanumeric(bytes[start - 1]))
                    || (codeEnd < bytes.length && isAlphanumeric(bytes[codeEnd]))) {
                return false;
            }
            String code = new String(bytes, start, CREDIT_CODE_LENGTH, StandardCharsets.US_ASCII);
            return CheckDigits.isValidCreditCode(code) && !mayBeResidentId(code);
        }
    }

    /** Whether 18 characters may be a resident ID: the ID's check character fits, or only it is wrong. */
    private static boolean mayBeResidentId(String eighteen) {
        Optional<CheckDigits.ResidentIdCheck> failed = CheckDigits.failedResidentIdCheck(eighteen);
        if (failed.isEmpty()) {
            return true;
        }
        return switch (failed.get()) {
            case LENGTH, CHARACTERS -> false;
            case REGION, BIRTH_DATE ->
                CheckDigits.residentIdCheckChar(eighteen.substring(0, 17))
                        == Character.toUpperCase(eighteen.charAt(17));
            case CHECK_CHARACTER -> true;
        };
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '-';
    }

    private static boolean isAlphanumeric(byte b) {
        return isDigit(b) || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }
}
