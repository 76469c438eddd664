package cn.binjiang.union.clickhouse.lexer;

import java.nio.charset.StandardCharsets;

/**
 * The text a {@link Lexer} reads, as a Java string or as UTF-8 bytes one per char, and ClickHouse's classes of
 * characters: those of {@code StringUtils.h} (ASCII white space, word characters, digits) and the Unicode white
 * space of {@code skipWhitespacesUTF8}.
 *
 * @param utf8Bytes whether every char of {@code text} is one byte of UTF-8 text (decoded as ISO-8859-1)
 */
record Source(String text, boolean utf8Bytes) {
    /** The code point at {@code i}, or -1 where the UTF-8 bytes there start no character. */
    int codePointAt(int i) {
        if (!utf8Bytes) {
            return text.codePointAt(i);
        }
        int lead = text.charAt(i);
        if (lead >= 0xC2 && lead <= 0xDF && continuation(i + 1)) {
            return (lead & 0x1F) << 6 | text.charAt(i + 1) & 0x3F;
        }
        // three bytes, not an overlong form of a shorter character
        if (lead >= 0xE0
                && lead <= 0xEF
                && continuation(i + 1)
                && continuation(i + 2)
                && (lead != 0xE0 || text.charAt(i + 1) >= 0xA0)) {
            return (lead & 0x0F) << 12 | (text.charAt(i + 1) & 0x3F) << 6 | text.charAt(i + 2) & 0x3F;
        }
        return lead < 0x80 ? lead : -1;
    }

    /**
     * How many chars the character at {@code i} takes: in bytes, its UTF-8 length (one for a byte that starts none).
     */
    int width(int i) {
        int codePoint = codePointAt(i);
        if (!utf8Bytes) {
            return Character.charCount(codePoint);
        }
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : 3;
    }

    private boolean continuation(int i) {
        return i < text.length() && (text.charAt(i) & 0xC0) == 0x80;
    }

    /** Whether at least {@code bytes} bytes of UTF-8 follow {@code from}. */
    boolean hasBytes(int from, int bytes) {
        if (utf8Bytes) {
            return from + bytes <= text.length();
        }
        int counted = 0;
        for (int i = from; i < text.length() && counted < bytes; i++) {
            char c = text.charAt(i);
            counted += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return counted >= bytes;
    }

    /** Where {@code c} is found from {@code from} on, or -1. */
    int indexOf(char c, int from) {
        String character = String.valueOf(c);
        return text.indexOf(
                utf8Bytes
                        ? new String(character.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                        : character,
                from);
    }

    static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** ClickHouse's Unicode white space ({@code skipWhitespacesUTF8}): text pasted from word processors. */
    static boolean isUnicodeWhitespace(int c) {
        return c == 0x85
                || c == 0xA0
                || c == 0x180E
                || c >= 0x2000 && c <= 0x200D
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x2060
                || c == 0x3000
                || c == 0xFEFF;
    }

    static boolean isWordChar(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isDigit(char c, boolean hex) {
        return hex ? isHexDigit(c) : isDigit(c);
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
