package cn.binjiang.union.jobs.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.metadata.NoSuchColumnException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class InsertFailureTest {
    /** As the driver hands a server's answer to the sink: wrapped in an SQLException. */
    private static SQLException answered(int code, String name) {
        return new SQLException(
                "Code: " + code + ". DB::Exception: ... (" + name + ")",
                new ServerException(code, "Code: " + code + ". DB::Exception: ... (" + name + ")", 500, "query-1"));
    }

    @Test
    void noAnswerAtAllIsRetried() {
        assertThat(InsertFailure.isPermanent(new SQLException(
                        "connect", new ConnectionInitiationException("no", new ConnectException("refused")))))
                .isFalse();
        assertThat(InsertFailure.isPermanent(new SQLException(
                        "read", new DataTransferException("lost", new SocketTimeoutException("Read timed out")))))
                .isFalse();
        assertThat(InsertFailure.isPermanent(new SQLException("Connection is closed")))
                .isFalse();
    }

    @Test
    void theAnswersClickHousesOwnClientRetriesAreRetriedAndSoAreAServerGoingAwayOrAProxy() {
        for (int code : new int[] {159, 164, 202, 209, 210, 241, 242, 252, 285, 319, 425, 999}) {
            assertThat(InsertFailure.isPermanent(answered(code, "retryable")))
                    .as("code %d", code)
                    .isFalse();
        }
        assertThat(InsertFailure.isPermanent(answered(ServerException.CODE_UNKNOWN, "502 Bad Gateway")))
                .isFalse();
        assertThat(InsertFailure.isPermanent(answered(394, "QUERY_WAS_CANCELLED")))
                .isFalse();
        assertThat(InsertFailure.isPermanent(answered(1000, "POCO_EXCEPTION"))).isFalse();
    }

    @Test
    void everyOtherAnswerAndARowTheDriverRefusesArePermanent() {
        assertThat(InsertFailure.isPermanent(answered(60, "UNKNOWN_TABLE"))).isTrue();
        assertThat(InsertFailure.isPermanent(answered(16, "NO_SUCH_COLUMN_IN_TABLE")))
                .isTrue();
        assertThat(InsertFailure.isPermanent(answered(53, "TYPE_MISMATCH"))).isTrue();
        assertThat(InsertFailure.isPermanent(answered(62, "SYNTAX_ERROR"))).isTrue();
        assertThat(InsertFailure.isPermanent(answered(516, "AUTHENTICATION_FAILED")))
                .isTrue();
        assertThat(InsertFailure.isPermanent(answered(117, "INCORRECT_DATA"))).isTrue();
        assertThat(InsertFailure.isPermanent(new SQLException("bind", new NoSuchColumnException("no column 'x'"))))
                .isTrue();
        assertThat(InsertFailure.isPermanent(
                        new SQLException("bind", new NumberFormatException("For input string: \"abc\""))))
                .isTrue();
    }

    @Test
    void theMaskedChainKeepsClassesAndStackTracesButNoResidentId() {
        SQLException failure = new SQLException(
                "cannot convert 110101199003071234",
                new NumberFormatException("For input string: \"110101199003071234\""));
        StringWriter trace = new StringWriter();
        InsertFailure.masked(failure).printStackTrace(new PrintWriter(trace));

        assertThat(trace.toString())
                .contains("java.sql.SQLException: cannot convert ******************")
                .contains("Caused by: java.lang.NumberFormatException: For input string: \"******************\"")
                .contains("at cn.binjiang.union.jobs.sink.clickhouse.InsertFailureTest")
                .doesNotContain("110101199003071234");
    }
}
