package cn.binjiang.union.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A failure reported the way ClickHouse reports it: an error code and a {@code DB::Exception} message. */
final class ClickHouseException extends RuntimeException {
    static final int UNKNOWN_SETTING = 115;
    static final int READONLY = 164;
    static final int UNKNOWN_TABLE = 60;
    static final int SYNTAX_ERROR = 62;
    static final int ABORTED = 236;
    static final int TOO_MANY_ROWS_OR_BYTES = 396;
    static final int REQUIRED_PASSWORD = 194;
    static final int AUTHENTICATION_FAILED = 516;
    static final int UNKNOWN_DATABASE = 81;
    static final int ACCESS_DENIED = 497;
    static final int INTO_OUTFILE_NOT_ALLOWED = 358;
    static final int MEMORY_LIMIT_EXCEEDED = 241;
    static final int CANNOT_DECOMPRESS = 271;
    static final int UNKNOWN_COMPRESSION_METHOD = 89;
    static final int CHECKSUM_DOESNT_MATCH = 40;
    static final int UNKNOWN_FORMAT = 73;
    static final int BAD_ARGUMENTS = 36;
    static final int NOT_IMPLEMENTED = 48;
    static final int TOO_MANY_SIMULTANEOUS_QUERIES = 202;
    static final int QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING = 216;
    static final int SESSION_NOT_FOUND = 372;
    static final int SESSION_IS_LOCKED = 373;
    static final int INVALID_SESSION_TIMEOUT = 374;
    /** POCO_EXCEPTION: how ClickHouse reports its HTTP library's errors; here, a request the HTTP layer cannot read. */
    static final int HTTP_PROTOCOL = 1000;

    static final int UNKNOWN_EXCEPTION = 1002;

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");
    /**
     * chDB's client half passes on the engine's error as the text of an exception of its own: the engine's whole
     * {@code Code: N. DB::Exception: ... (NAME) (version V)} again inside {@code Code: N. DB::Exception: ... . (NAME)}.
     */
    private static final Pattern NESTED = Pattern.compile(
            "(?s)Code: \\d+\\. DB::Exception: (.*) \\(version [^()]*(?:\\([^()]*\\))?\\)\\. \\(\\w+\\)");
    /** What chDB's client half adds about where an INSERT's data came from; a server reads it from the request. */
    private static final Pattern DATA_SOURCE_NOTE =
            Pattern.compile(": data for INSERT was parsed from (query|file|stdin)");

    private final int code;

    ClickHouseException(int code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * Wraps an error text from chDB, which normally starts with ClickHouse's own {@code Code: N.} prefix, as a server
     * words it: one prefix, and nothing of chDB's client half.
     */
    static ClickHouseException fromEngine(String text) {
        String message = text.strip();
        Matcher m = CODE.matcher(message);
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            int start = message.indexOf("DB::Exception: ", m.end());
            String body = start < 0 ? message.substring(m.end()).strip() : message.substring(start + 15);
            for (Matcher nested = NESTED.matcher(body); nested.matches(); nested = NESTED.matcher(body)) {
                body = nested.group(1);
            }
            return new ClickHouseException(code, DATA_SOURCE_NOTE.matcher(body).replaceAll(""));
        }
        return new ClickHouseException(UNKNOWN_EXCEPTION, message);
    }

    /** The same failure with each of {@code texts} removed from its message wherever it occurs. */
    ClickHouseException without(String... texts) {
        String message = getMessage();
        for (String text : texts) {
            message = message.replace(text, "");
        }
        return new ClickHouseException(code, message);
    }

    int code() {
        return code;
    }

    /** The body ClickHouse sends for an exception, e.g. {@code Code: 60. DB::Exception: ...}. */
    String toResponseText(String version) {
        return "Code: " + code + ". DB::Exception: " + getMessage() + " (version " + version + ")\n";
    }
}
