package cn.binjiang.union.clickhouse;

import java.util.Set;

/** ClickHouse's mapping from exception code to HTTP status (its exceptionCodeToHTTPStatus); anything else is 500. */
final class HttpErrorStatus {
    private static final Set<Integer> UNAUTHORIZED = Set.of(194); // REQUIRED_PASSWORD
    private static final Set<Integer> FORBIDDEN =
            Set.of(192, 193, 516); // UNKNOWN_USER, WRONG_PASSWORD, AUTHENTICATION_FAILED
    private static final Set<Integer> BAD_REQUEST = Set.of(
            6, 25, 26, 27, 38, 41, 72, // CANNOT_PARSE_*
            167, 168, 62, 117, 53, // TOO_DEEP_AST, TOO_BIG_AST, SYNTAX_ERROR, INCORRECT_DATA, TYPE_MISMATCH
            36); // BAD_ARGUMENTS
    private static final Set<Integer> NOT_FOUND = Set.of(
            60, 46, 47, 50, 56, 81, 115, 64, 63, 73,
            336); // UNKNOWN_{TABLE,FUNCTION,IDENTIFIER,TYPE,STORAGE,DATABASE,SETTING,...}

    private HttpErrorStatus() {}

    static int of(int code) {
        if (UNAUTHORIZED.contains(code)) {
            return 401;
        }
        if (FORBIDDEN.contains(code)) {
            return 403;
        }
        if (BAD_REQUEST.contains(code)) {
            return 400;
        }
        if (NOT_FOUND.contains(code)) {
            return 404;
        }
        if (code == ClickHouseException.HTTP_PROTOCOL) {
            // this server's own: a request its HTTP layer cannot read is the client's fault
            return 400;
        }
        if (code == 48) { // NOT_IMPLEMENTED
            return 501;
        }
        if (code == 159) { // TIMEOUT_EXCEEDED
            return 408;
        }
        return 500;
    }
}
