package cn.binjiang.union.clickhouse.lexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ClickHouse's lexing rules as a table of inputs and the tokens ClickHouse's {@code Lexer.cpp} makes of them, each
 * token written as its kind and, but for white space, its text. Where the engine's behaviour was in doubt the row
 * was checked against the pinned engine (chDB 26.5) with {@code SELECT <input>} over the embedded server: a row
 * with an error token is a syntax error there naming that error ("Unrecognized token", "Multiline comment is not
 * closed", "Wrong number", ...), and the others parse.
 */
class LexerTest {
    static Stream<Arguments> rules() {
        return Stream.of(
                // ClickHouse's white space, not Java's: U+001C-U+001F are bad tokens, a few Unicode spaces are not
                row(" \t\n\r\f\u000B", "WHITESPACE"),
                row("\u001Fab", "ERROR \u001F", "BARE_WORD ab"),
                row("SELECT\u00A01", "BARE_WORD SELECT", "WHITESPACE", "NUMBER 1"),
                row("SELECT\u200B1", "BARE_WORD SELECT", "WHITESPACE", "NUMBER 1"),
                row("a\u2028\uFEFF\u3000b", "BARE_WORD a", "WHITESPACE", "BARE_WORD b"),
                row("a\u1680b", "BARE_WORD a", "ERROR \u1680", "BARE_WORD b"),
                row("\u0000", "ERROR \u0000"),
                // names: ASCII letters, digits, _ and $; any other letter is a bad token, look-alikes included
                row("_x1$y", "BARE_WORD _x1$y"),
                row("$abc a$b$c", "BARE_WORD $abc", "WHITESPACE", "BARE_WORD a$b$c"),
                row("Ä", "ERROR Ä"),
                row("街道", "ERROR 街", "ERROR 道"),
                row("\uFF33ELECT", "ERROR \uFF33", "BARE_WORD ELECT"),
                row("us\u0435rs", "BARE_WORD us", "ERROR \u0435", "BARE_WORD rs"),
                row("1 \uFF1B 2", "NUMBER 1", "WHITESPACE", "ERROR \uFF1B", "WHITESPACE", "NUMBER 2"),
                // numbers
                row(
                        "1_000 0x1F 0b01 1.5e+3",
                        "NUMBER 1_000",
                        "WHITESPACE",
                        "NUMBER 0x1F",
                        "WHITESPACE",
                        "NUMBER 0b01",
                        "WHITESPACE",
                        "NUMBER 1.5e+3"),
                // a dot after an operand is a tuple access or qualifier, elsewhere it may start a number
                row("1, .5", "NUMBER 1", "COMMA ,", "WHITESPACE", "NUMBER .5"),
                row("1 .5", "NUMBER 1", "WHITESPACE", "DOT .", "NUMBER 5"),
                row("0x1p-2", "NUMBER 0x1p-2"),
                row("1abc 1__0 0x", "BARE_WORD 1abc", "WHITESPACE", "BARE_WORD 1__0", "WHITESPACE", "BARE_WORD 0x"),
                row("1.5abc", "ERROR_WRONG_NUMBER 1.5abc"),
                row("x.1.1", "BARE_WORD x", "DOT .", "NUMBER 1", "DOT .", "NUMBER 1"),
                row("t.`a`", "BARE_WORD t", "DOT .", "QUOTED_IDENTIFIER `a`"),
                // strings and quoted names, each with both escapes
                row("'it''s'", "STRING_LITERAL 'it''s'"),
                row("'it\\'s'", "STRING_LITERAL 'it\\'s'"),
                row("'\\\\' x", "STRING_LITERAL '\\\\'", "WHITESPACE", "BARE_WORD x"),
                row("'a;b -- c'", "STRING_LITERAL 'a;b -- c'"),
                row("'never", "ERROR_SINGLE_QUOTE_IS_NOT_CLOSED 'never"),
                row("'ends in \\", "ERROR_SINGLE_QUOTE_IS_NOT_CLOSED 'ends in \\"),
                row("`a``b` `a\\`b`", "QUOTED_IDENTIFIER `a``b`", "WHITESPACE", "QUOTED_IDENTIFIER `a\\`b`"),
                row(
                        "\"a\"\"b\" \"a\\\"b\"",
                        "QUOTED_IDENTIFIER \"a\"\"b\"",
                        "WHITESPACE",
                        "QUOTED_IDENTIFIER \"a\\\"b\""),
                row("`x", "ERROR_BACK_QUOTE_IS_NOT_CLOSED `x"),
                row("\"x", "ERROR_DOUBLE_QUOTE_IS_NOT_CLOSED \"x"),
                row(
                        "x'1F' b'01' X''",
                        "STRING_LITERAL x'1F'",
                        "WHITESPACE",
                        "STRING_LITERAL b'01'",
                        "WHITESPACE",
                        "STRING_LITERAL X''"),
                row("x'zz' AS v", "ERROR_SINGLE_QUOTE_IS_NOT_CLOSED x'zz' AS v"),
                row("‘it''s’ “c”", "STRING_LITERAL ‘it''s’", "WHITESPACE", "QUOTED_IDENTIFIER “c”"),
                row("‘a", "ERROR ‘", "BARE_WORD a"),
                row("‘abc", "ERROR_SINGLE_QUOTE_IS_NOT_CLOSED ‘abc"),
                // heredocs: a tag of letters, digits and _ between dollar signs, closed by the same tag
                row("$$x$$", "HERE_DOC $$x$$"),
                row("$a$ $b$ $a$", "HERE_DOC $a$ $b$ $a$"),
                row("$1$;$1$", "HERE_DOC $1$;$1$"),
                row("$$'$$ x", "HERE_DOC $$'$$", "WHITESPACE", "BARE_WORD x"),
                row("$a b$x$a b$", "BARE_WORD $a", "WHITESPACE", "BARE_WORD b$x$a", "WHITESPACE", "BARE_WORD b$"),
                row("$a$x", "BARE_WORD $a$x"),
                row("$$x", "DOLLAR_SIGN $", "BARE_WORD $x"),
                row("$ 1", "DOLLAR_SIGN $", "WHITESPACE", "NUMBER 1"),
                // comments
                row("-- c\nx", "COMMENT -- c", "WHITESPACE", "BARE_WORD x"),
                row("// c", "COMMENT // c"),
                row("# c", "COMMENT # c"),
                row("#!/usr/bin/clickhouse", "COMMENT #!/usr/bin/clickhouse"),
                row("#hello", "ERROR #", "BARE_WORD hello"),
                row("#\tc", "ERROR #", "WHITESPACE", "BARE_WORD c"),
                row("/* a /* b */ c */x", "COMMENT /* a /* b */ c */", "BARE_WORD x"),
                row("/**/", "COMMENT /**/"),
                row("/* a /* b */", "ERROR_MULTILINE_COMMENT_IS_NOT_CLOSED /* a /* b */"),
                row("/*/", "ERROR_MULTILINE_COMMENT_IS_NOT_CLOSED /*/"),
                row("/* */ */", "COMMENT /* */", "WHITESPACE", "ASTERISK *", "SLASH /"),
                row("SEL/**/ECT", "BARE_WORD SEL", "COMMENT /**/", "BARE_WORD ECT"),
                row("--'\n'x'", "COMMENT --'", "WHITESPACE", "STRING_LITERAL 'x'"),
                // operators and punctuation
                row("a->b", "BARE_WORD a", "ARROW ->", "BARE_WORD b"),
                row("x::Int8", "BARE_WORD x", "DOUBLE_COLON ::", "BARE_WORD Int8"),
                row(
                        "<=> <> <= >= != == = < >",
                        "SPACESHIP <=>",
                        "WHITESPACE",
                        "NOT_EQUALS <>",
                        "WHITESPACE",
                        "LESS_OR_EQUALS <=",
                        "WHITESPACE",
                        "GREATER_OR_EQUALS >=",
                        "WHITESPACE",
                        "NOT_EQUALS !=",
                        "WHITESPACE",
                        "EQUALS ==",
                        "WHITESPACE",
                        "EQUALS =",
                        "WHITESPACE",
                        "LESS <",
                        "WHITESPACE",
                        "GREATER >"),
                row(
                        "|| | @@ @ ? ^ % :",
                        "CONCATENATION ||",
                        "WHITESPACE",
                        "PIPE_MARK |",
                        "WHITESPACE",
                        "DOUBLE_AT @@",
                        "WHITESPACE",
                        "AT @",
                        "WHITESPACE",
                        "QUESTION_MARK ?",
                        "WHITESPACE",
                        "CARET ^",
                        "WHITESPACE",
                        "PERCENT %",
                        "WHITESPACE",
                        "COLON :"),
                row(
                        "([{}]),;",
                        "OPENING_ROUND_BRACKET (",
                        "OPENING_SQUARE_BRACKET [",
                        "OPENING_CURLY_BRACE {",
                        "CLOSING_CURLY_BRACE }",
                        "CLOSING_SQUARE_BRACKET ]",
                        "CLOSING_ROUND_BRACKET )",
                        "COMMA ,",
                        "SEMICOLON ;"),
                row("1 \\G", "NUMBER 1", "WHITESPACE", "VERTICAL_DELIMITER \\G"),
                row("\\x", "ERROR \\", "BARE_WORD x"),
                row("!1", "ERROR_SINGLE_EXCLAMATION_MARK !", "NUMBER 1"),
                row("3 − 1", "NUMBER 3", "WHITESPACE", "MINUS −", "WHITESPACE", "NUMBER 1"),
                row("2 ∕ 1", "NUMBER 2", "WHITESPACE", "ERROR ∕", "WHITESPACE", "NUMBER 1"));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void readsAsClickHouseReads(String input, List<String> expected) {
        assertThat(render(input, Lexer.tokens(input))).as(input).containsExactlyElementsOf(expected);
    }

    /**
     * The same rules over the bytes of a request, one char per byte: offsets are bytes, a bad token is one byte
     * (written here as ISO-8859-1 shows it), the other tokens are shown as the UTF-8 text they hold.
     */
    static Stream<Arguments> bytes() {
        return Stream.of(
                row("‘a;b’", "STRING_LITERAL ‘a;b’"),
                row("“a”.x", "QUOTED_IDENTIFIER “a”", "DOT .", "BARE_WORD x"),
                row("SELECT\u00A01", "BARE_WORD SELECT", "WHITESPACE", "NUMBER 1"),
                row("3 − 1", "NUMBER 3", "WHITESPACE", "MINUS −", "WHITESPACE", "NUMBER 1"),
                row("é", "ERROR \u00C3", "ERROR \u00A9"),
                row("‘a", "ERROR \u00E2", "ERROR \u0080", "ERROR \u0098", "BARE_WORD a"));
    }

    @ParameterizedTest
    @MethodSource("bytes")
    void readsUtf8BytesAsClickHouseReads(String input, List<String> expected) {
        String bytes = new String(input.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<Token> tokens = new ArrayList<>();
        Lexer.ofUtf8Bytes(bytes).forEachRemaining(tokens::add);
        List<String> shown = render(bytes, tokens).stream()
                .map(t -> t.startsWith("ERROR ")
                        ? t
                        : new String(t.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                .toList();
        assertThat(shown).as(input).containsExactlyElementsOf(expected);
    }

    private static Arguments row(String input, String... tokens) {
        return Arguments.of(input, List.of(tokens));
    }

    private static List<String> render(String text, List<Token> tokens) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (Token t : tokens) {
            assertThat(t.start()).as("tokens cover the text without gaps").isEqualTo(at);
            at = t.end();
            out.add(t.is(TokenKind.WHITESPACE) ? "WHITESPACE" : t.kind() + " " + t.text(text));
        }
        assertThat(at).isEqualTo(text.length());
        return out;
    }
}
