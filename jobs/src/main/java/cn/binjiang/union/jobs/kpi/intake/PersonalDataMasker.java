package cn.binjiang.union.jobs.kpi.intake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Masks everything that may be a resident ID number, so that dead letters and logs never hold
 * one in clear text.
 *
 * <p>What is masked: every run of 15 or more ASCII digits (an 18-character ID is 17 digits and
 * a check digit, a legacy one 15 digits), together with a directly following {@code X} or
 * {@code x} (the check character 10). Longer runs are masked whole: an ID glued to other digits
 * in binary garbage is still an ID. The one exception is a run of exactly 17 digits followed by
 * anything but X: that is the shape of an enterprise's credit code (17 digits and a letter check
 * character), which a dead letter should keep for diagnosis and which is no personal data. Other credit
 * codes with 15 or more digits in a row are masked: privacy comes before diagnosis.
 * Each masked character becomes {@code *}, all of them: the last digits of an ID narrow it down
 * too much to keep.
 *
 * <p>It works on bytes because a dead letter's payload may not decode: ASCII digits and X are
 * single bytes in UTF-8 (and in Avro's strings) and never part of a multi-byte sequence, so the
 * same scan serves text. Masking keeps the length, so a masked Avro payload still decodes, with
 * the ID as asterisks. It over-masks rather than misses: long numbers (a card number, the digit
 * runs of a hex pseudonym) are masked too.
 */
public final class PersonalDataMasker {
    /** 15 digits: the legacy ID; an 18-character one has 17 before its check character. */
    private static final int SHORTEST_ID_DIGITS = 15;
    /** 17 digits and no X after them: a credit code's digits before its letter check character. */
    private static final int CREDIT_CODE_DIGITS = 17;
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

    /** Masks in place; whether anything was masked. */
    private static boolean maskInPlace(byte[] bytes) {
        boolean masked = false;
        int i = 0;
        while (i < bytes.length) {
            if (!isDigit(bytes[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < bytes.length && isDigit(bytes[i])) {
                i++;
            }
            boolean checkX = i < bytes.length && (bytes[i] == 'X' || bytes[i] == 'x');
            int digits = i - start;
            if (digits >= SHORTEST_ID_DIGITS && (digits != CREDIT_CODE_DIGITS || checkX)) {
                i += checkX ? 1 : 0;
                Arrays.fill(bytes, start, i, MASK);
                masked = true;
            }
        }
        return masked;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
