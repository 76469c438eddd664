package cn.binjiang.union.clickhouse.lexer;

import static cn.binjiang.union.clickhouse.lexer.Source.isAsciiWhitespace;
import static cn.binjiang.union.clickhouse.lexer.Source.isDigit;
import static cn.binjiang.union.clickhouse.lexer.Source.isHexDigit;
import static cn.binjiang.union.clickhouse.lexer.Source.isUnicodeWhitespace;
import static cn.binjiang.union.clickhouse.lexer.Source.isWordChar;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * ClickHouse's lexer ({@code src/Parsers/Lexer.cpp}) in Java, rule for rule, so that what a statement holds is
 * read as the engine reads it: strings in single quotes and names in back quotes or double quotes, each with both
 * escapes ({@code \'} and {@code ''}); {@code --}, {@code //}, {@code # } and {@code #!} comments to the end of the
 * line ({@code #} followed by anything else is a bad token); {@code /* *}{@code /} comments, which nest; heredocs
 * {@code $tag$...$tag$}; the white space of ClickHouse ({@code ' '}, {@code \t}, {@code \n}, {@code \r},
 * {@code \f}, {@code \v} and a list of Unicode spaces, not Java's); names of ASCII letters, digits, {@code _} and
 * {@code $} only (any other character is a bad token); ‘…’ and “…” as a string and a name, and U+2212 as minus.
 *
 * <p>Where ClickHouse's sources differ between versions the pinned engine (chDB 26.5) decides, asked directly: its
 * heredoc tag is letters, digits and {@code _} between two dollar signs ({@code $a b$x$a b$} is no heredoc there).
 *
 * <p>ClickHouse lexes bytes. {@link #of} reads a Java string (a bad token is one code point);
 * {@link #ofUtf8Bytes} reads a string whose every char is one byte of UTF-8 text, as ISO-8859-1 decodes it, so that
 * offsets are byte offsets (a bad token is one byte, as in ClickHouse).
 *
 * <p>Longer than this project's classes usually are (about 340 lines) on purpose: it follows {@code Lexer.cpp}
 * branch for branch and in its order, so that the two can be read side by side when ClickHouse changes its rules;
 * the character classes, ClickHouse's {@code StringUtils.h} and UTF-8 helpers, are in {@link Source}.
 */
public final class Lexer implements Iterator<Token> {
    private final String text;
    private final Source source;
    private int pos;
    /** The kind of the last token that was neither white space nor a comment; null before the first. */
    private TokenKind previous;

    private Lexer(String text, boolean utf8Bytes) {
        this.text = text;
        this.source = new Source(text, utf8Bytes);
    }

    public static Lexer of(String text) {
        return new Lexer(text, false);
    }

    /** A lexer of {@code bytes}, UTF-8 text decoded as ISO-8859-1: one char per byte. */
    public static Lexer ofUtf8Bytes(String bytes) {
        return new Lexer(bytes, true);
    }

    /** Every token of {@code text}, white space and comments included: their spans cover the text. */
    public static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        of(text).forEachRemaining(tokens::add);
        return tokens;
    }

    @Override
    public boolean hasNext() {
        return pos < text.length();
    }

    @Override
    public Token next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the text ends at " + pos);
        }
        int start = pos;
        TokenKind kind = scan();
        if (kind.significant()) {
            previous = kind;
        }
        return new Token(kind, start, pos);
    }

    private TokenKind scan() {
        char c = text.charAt(pos);
        return switch (c) {
            case ' ', '\t', '\n', '\r', '\f', '\u000B' -> {
                pos++;
                while (pos < text.length() && isAsciiWhitespace(text.charAt(pos))) {
                    pos++;
                }
                yield TokenKind.WHITESPACE;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            case '\'' -> quoted('\'', TokenKind.STRING_LITERAL, TokenKind.ERROR_SINGLE_QUOTE_IS_NOT_CLOSED);
            case '"' -> quoted('"', TokenKind.QUOTED_IDENTIFIER, TokenKind.ERROR_DOUBLE_QUOTE_IS_NOT_CLOSED);
            case '`' -> quoted('`', TokenKind.QUOTED_IDENTIFIER, TokenKind.ERROR_BACK_QUOTE_IS_NOT_CLOSED);
            case '(' -> one(TokenKind.OPENING_ROUND_BRACKET);
            case ')' -> one(TokenKind.CLOSING_ROUND_BRACKET);
            case '[' -> one(TokenKind.OPENING_SQUARE_BRACKET);
            case ']' -> one(TokenKind.CLOSING_SQUARE_BRACKET);
            case '{' -> one(TokenKind.OPENING_CURLY_BRACE);
            case '}' -> one(TokenKind.CLOSING_CURLY_BRACE);
            case ',' -> one(TokenKind.COMMA);
            case ';' -> one(TokenKind.SEMICOLON);
            case '.' -> dot();
            case '+' -> one(TokenKind.PLUS);
            case '-' -> followedBy('>') ? two(TokenKind.ARROW) : followedBy('-') ? lineComment() : one(TokenKind.MINUS);
            case '*' -> one(TokenKind.ASTERISK);
            case '/' -> followedBy('/') ? lineComment() : followedBy('*') ? blockComment() : one(TokenKind.SLASH);
            // a comment only before a space or ! (a shebang): #hello is no comment
            case '#' -> followedBy(' ') || followedBy('!') ? lineComment() : one(TokenKind.ERROR);
            case '%' -> one(TokenKind.PERCENT);
            case '=' -> followedBy('=') ? two(TokenKind.EQUALS) : one(TokenKind.EQUALS);
            case '!' -> followedBy('=') ? two(TokenKind.NOT_EQUALS) : one(TokenKind.ERROR_SINGLE_EXCLAMATION_MARK);
            case '<' ->
                text.startsWith("<=>", pos)
                        ? advance(3, TokenKind.SPACESHIP)
                        : followedBy('=')
                                ? two(TokenKind.LESS_OR_EQUALS)
                                : followedBy('>') ? two(TokenKind.NOT_EQUALS) : one(TokenKind.LESS);
            case '>' -> followedBy('=') ? two(TokenKind.GREATER_OR_EQUALS) : one(TokenKind.GREATER);
            case '?' -> one(TokenKind.QUESTION_MARK);
            case '^' -> one(TokenKind.CARET);
            case ':' -> followedBy(':') ? two(TokenKind.DOUBLE_COLON) : one(TokenKind.COLON);
            case '|' -> followedBy('|') ? two(TokenKind.CONCATENATION) : one(TokenKind.PIPE_MARK);
            case '@' -> followedBy('@') ? two(TokenKind.DOUBLE_AT) : one(TokenKind.AT);
            case '\\' -> followedBy('G') ? two(TokenKind.VERTICAL_DELIMITER) : one(TokenKind.ERROR);
            default -> other(c);
        };
    }

    private TokenKind other(char c) {
        if (c == '$') {
            TokenKind dollar = dollar();
            if (dollar != null) {
                return dollar;
            }
        }
        if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && pos + 2 < text.length() && text.charAt(pos + 1) == '\'') {
            return hexOrBinaryString(c == 'x' || c == 'X');
        }
        if (isWordChar(c) || c == '$') {
            pos++;
            while (pos < text.length() && (isWordChar(text.charAt(pos)) || text.charAt(pos) == '$')) {
                pos++;
            }
            return TokenKind.BARE_WORD;
        }
        int codePoint = source.codePointAt(pos);
        if (codePoint == '\u2212') { // the mathematical minus sign
            return advance(source.width(pos), TokenKind.MINUS);
        }
        if ((codePoint == '\u2018' || codePoint == '\u201C') && source.hasBytes(pos + source.width(pos), 3)) {
            boolean string = codePoint == '\u2018';
            return unicodeQuoted(
                    string ? '\u2019' : '\u201D',
                    string ? TokenKind.STRING_LITERAL : TokenKind.QUOTED_IDENTIFIER,
                    string ? TokenKind.ERROR_SINGLE_QUOTE_IS_NOT_CLOSED : TokenKind.ERROR_DOUBLE_QUOTE_IS_NOT_CLOSED);
        }
        if (isUnicodeWhitespace(codePoint)) {
            while (pos < text.length()
                    && (isAsciiWhitespace(text.charAt(pos)) || isUnicodeWhitespace(source.codePointAt(pos)))) {
                pos += source.width(pos);
            }
            return TokenKind.WHITESPACE;
        }
        return advance(source.utf8Bytes() || codePoint < 0 ? 1 : Character.charCount(codePoint), TokenKind.ERROR);
    }

    /** A heredoc, or a lone dollar sign; null when the dollar sign starts a bare word. */
    private TokenKind dollar() {
        int tagEnd = pos + 1;
        while (tagEnd < text.length() && isWordChar(text.charAt(tagEnd))) {
            tagEnd++;
        }
        if (tagEnd < text.length() && text.charAt(tagEnd) == '$') {
            String tag = text.substring(pos, tagEnd + 1);
            int close = text.indexOf(tag, tagEnd + 1);
            if (close >= 0) {
                pos = close + tag.length();
                return TokenKind.HERE_DOC;
            }
        }
        return pos + 1 == text.length() || !isWordChar(text.charAt(pos + 1)) ? one(TokenKind.DOLLAR_SIGN) : null;
    }

    /**
     * A number; or a bare word that starts with digits ({@code 1abc}); or a wrong number ({@code 1.5abc}). After a
     * dot only digits, so that {@code x.1.1} is two tuple accesses.
     */
    private TokenKind number() {
        int start = pos;
        if (previous == TokenKind.DOT) {
            pos++;
            skipDigits(false, false);
        } else {
            boolean hex = false;
            boolean blockStart = false;
            char prefix = pos + 2 < text.length() ? text.charAt(pos + 1) : ' ';
            if (text.charAt(pos) == '0' && (prefix == 'x' || prefix == 'X' || prefix == 'b' || prefix == 'B')) {
                char first = text.charAt(pos + 2);
                hex = (prefix == 'x' || prefix == 'X') && isHexDigit(first);
                boolean valid = hex || (prefix == 'b' || prefix == 'B') && (first == '0' || first == '1');
                pos += valid ? 2 : 1;
                blockStart = valid;
            } else {
                pos++;
            }
            skipDigits(blockStart, hex);
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                skipDigits(true, hex);
            }
            exponent(hex ? 'p' : 'e');
        }
        if (pos < text.length() && isWordChar(text.charAt(pos))) {
            while (pos < text.length() && isWordChar(text.charAt(pos))) {
                pos++;
            }
            for (int i = start; i < pos; i++) {
                if (!isWordChar(text.charAt(i)) && text.charAt(i) != '$') {
                    return TokenKind.ERROR_WRONG_NUMBER;
                }
            }
            return TokenKind.BARE_WORD;
        }
        return TokenKind.NUMBER;
    }

    /** A dot: a qualifier or tuple access, or the start of a number such as {@code .5}. */
    private TokenKind dot() {
        boolean digitNext = pos + 1 < text.length() && isDigit(text.charAt(pos + 1));
        boolean afterOperand = previous == TokenKind.CLOSING_ROUND_BRACKET
                || previous == TokenKind.CLOSING_SQUARE_BRACKET
                || previous == TokenKind.BARE_WORD
                || previous == TokenKind.QUOTED_IDENTIFIER
                || previous == TokenKind.NUMBER;
        if (pos > 0 && (!digitNext || afterOperand)) {
            return one(TokenKind.DOT);
        }
        pos++;
        skipDigits(true, false);
        exponent('e');
        return TokenKind.NUMBER;
    }

    private void exponent(char letter) {
        if (pos + 1 < text.length() && Character.toLowerCase(text.charAt(pos)) == letter) {
            pos++;
            if (pos + 1 < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            skipDigits(true, false);
        }
    }

    /** Digits with single {@code _} between them ({@code 1_000}); a block's first digit cannot be one. */
    private void skipDigits(boolean blockStart, boolean hex) {
        boolean first = blockStart;
        while (pos < text.length() && (isDigit(text.charAt(pos), hex) || isSeparator(first, hex))) {
            pos++;
            first = false;
        }
    }

    private boolean isSeparator(boolean blockStart, boolean hex) {
        return text.charAt(pos) == '_' && !blockStart && pos + 1 < text.length() && isDigit(text.charAt(pos + 1), hex);
    }

    /** {@code x'1F'} or {@code b'01'}: only the base's digits before the closing quote, else unclosed to the end. */
    private TokenKind hexOrBinaryString(boolean hex) {
        pos += 2;
        while (pos < text.length()
                && (hex ? isHexDigit(text.charAt(pos)) : text.charAt(pos) == '0' || text.charAt(pos) == '1')) {
            pos++;
        }
        if (pos >= text.length() || text.charAt(pos) != '\'') {
            pos = text.length();
            return TokenKind.ERROR_SINGLE_QUOTE_IS_NOT_CLOSED;
        }
        pos++;
        return TokenKind.STRING_LITERAL;
    }

    /** A quoted string or name: a backslash escapes the next character, a doubled quote is one quote. */
    private TokenKind quoted(char quote, TokenKind closed, TokenKind unclosed) {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == quote && pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return closed;
            } else {
                pos++;
            }
        }
        pos = text.length();
        return unclosed;
    }

    /** ‘…’ or “…”: no escapes, the first closing quote ends it. */
    private TokenKind unicodeQuoted(char close, TokenKind closed, TokenKind unclosed) {
        pos += source.width(pos);
        int end = source.indexOf(close, pos);
        if (end < 0) {
            pos = text.length();
            return unclosed;
        }
        pos = end + source.width(end);
        return closed;
    }

    private TokenKind lineComment() {
        int newline = text.indexOf('\n', pos);
        pos = newline < 0 ? text.length() : newline;
        return TokenKind.COMMENT;
    }

    /** Nested comments, as the SQL standard has them: {@code /* a /* b *}{@code / c *}{@code /} is one comment. */
    private TokenKind blockComment() {
        pos += 2;
        int nesting = 1;
        while (pos + 2 <= text.length()) {
            if (text.startsWith("/*", pos)) {
                pos += 2;
                nesting++;
            } else if (text.startsWith("*/", pos)) {
                pos += 2;
                if (--nesting == 0) {
                    return TokenKind.COMMENT;
                }
            } else {
                pos++;
            }
        }
        pos = text.length();
        return TokenKind.ERROR_MULTILINE_COMMENT_IS_NOT_CLOSED;
    }

    private boolean followedBy(char c) {
        return pos + 1 < text.length() && text.charAt(pos + 1) == c;
    }

    private TokenKind one(TokenKind kind) {
        return advance(1, kind);
    }

    private TokenKind two(TokenKind kind) {
        return advance(2, kind);
    }

    private TokenKind advance(int chars, TokenKind kind) {
        pos += chars;
        return kind;
    }
}
