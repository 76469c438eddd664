package cn.binjiang.union.clickhouse.lexer;

/**
 * The kinds of token ClickHouse's lexer tells apart ({@code TokenType} in {@code src/Parsers/Lexer.h}); each
 * constant is ClickHouse's name in upper snake case ({@code BARE_WORD} is {@code BareWord}). The lexer produces no
 * {@code EndOfStream} (its iterator ends instead), no {@code ErrorMaxQuerySizeExceeded} (no size limit here) and no
 * {@code ErrorSinglePipeMark} (ClickHouse's lexer no longer produces it: a single {@code |} is {@code PipeMark}).
 */
public enum TokenKind {
    WHITESPACE,
    COMMENT,
    BARE_WORD,
    NUMBER,
    STRING_LITERAL,
    QUOTED_IDENTIFIER,
    OPENING_ROUND_BRACKET,
    CLOSING_ROUND_BRACKET,
    OPENING_SQUARE_BRACKET,
    CLOSING_SQUARE_BRACKET,
    OPENING_CURLY_BRACE,
    CLOSING_CURLY_BRACE,
    COMMA,
    SEMICOLON,
    VERTICAL_DELIMITER,
    DOT,
    ASTERISK,
    HERE_DOC,
    DOLLAR_SIGN,
    PLUS,
    MINUS,
    SLASH,
    PERCENT,
    ARROW,
    QUESTION_MARK,
    COLON,
    CARET,
    DOUBLE_COLON,
    EQUALS,
    NOT_EQUALS,
    LESS,
    GREATER,
    LESS_OR_EQUALS,
    GREATER_OR_EQUALS,
    SPACESHIP,
    PIPE_MARK,
    CONCATENATION,
    AT,
    DOUBLE_AT,
    ERROR,
    ERROR_MULTILINE_COMMENT_IS_NOT_CLOSED,
    ERROR_SINGLE_QUOTE_IS_NOT_CLOSED,
    ERROR_DOUBLE_QUOTE_IS_NOT_CLOSED,
    ERROR_BACK_QUOTE_IS_NOT_CLOSED,
    ERROR_SINGLE_EXCLAMATION_MARK,
    ERROR_WRONG_NUMBER;

    /** What the parser reads: neither white space nor a comment. */
    public boolean significant() {
        return this != WHITESPACE && this != COMMENT;
    }

    /** A token the parser refuses, whatever stands around it. */
    public boolean error() {
        return ordinal() >= ERROR.ordinal();
    }

    /** A string, quoted name or comment that runs to the end of the text without its closing mark. */
    public boolean unclosed() {
        return this == ERROR_MULTILINE_COMMENT_IS_NOT_CLOSED
                || this == ERROR_SINGLE_QUOTE_IS_NOT_CLOSED
                || this == ERROR_DOUBLE_QUOTE_IS_NOT_CLOSED
                || this == ERROR_BACK_QUOTE_IS_NOT_CLOSED;
    }

    public boolean opensBracket() {
        return this == OPENING_ROUND_BRACKET || this == OPENING_SQUARE_BRACKET || this == OPENING_CURLY_BRACE;
    }

    public boolean closesBracket() {
        return this == CLOSING_ROUND_BRACKET || this == CLOSING_SQUARE_BRACKET || this == CLOSING_CURLY_BRACE;
    }
}
