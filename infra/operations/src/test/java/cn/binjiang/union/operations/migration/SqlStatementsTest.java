package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtSemicolonsAndDropsCommentsAndBlanks() {
        String sql = """
                -- a leading comment; with a semicolon
                CREATE TABLE a (x UInt8) ENGINE = Memory;
                /* block; comment */
                CREATE TABLE b (y String) ENGINE = Memory ;

                ;""";

        assertThat(SqlStatements.split(sql))
                .containsExactly(
                        "CREATE TABLE a (x UInt8) ENGINE = Memory", "CREATE TABLE b (y String) ENGINE = Memory");
    }

    @Test
    void keepsSemicolonsInsideQuotesAndBackticks() {
        String sql = "INSERT INTO t VALUES ('a;b', 'it\\'s; fine'); SELECT `odd;name` FROM t; SELECT \"q;\"";

        assertThat(SqlStatements.split(sql))
                .containsExactly(
                        "INSERT INTO t VALUES ('a;b', 'it\\'s; fine')", "SELECT `odd;name` FROM t", "SELECT \"q;\"");
    }

    @Test
    void readsHeredocsHashCommentsAndNestedCommentsAsClickHouseDoes() {
        String sql = "SELECT $$a;b$$; # one; comment\nSELECT 1 /* a /* nested; */ still; */ + 1;SELECT 'it''s;'";

        assertThat(SqlStatements.split(sql)).containsExactly("SELECT $$a;b$$", "SELECT 1   + 1", "SELECT 'it''s;'");
    }

    @Test
    void aCommentSeparatesWordsAsInClickHouse() {
        assertThat(SqlStatements.split("DROP/* c */TABLE t")).containsExactly("DROP TABLE t");
    }

    @Test
    void anUnclosedCommentIsAnErrorNamingWhere() {
        assertThatThrownBy(() -> SqlStatements.split("SELECT 1; /* /* */"))
                .isInstanceOf(MigrationException.class)
                .hasMessage("unterminated /* comment starting at character 10");
    }

    @Test
    void aLastStatementWithoutSemicolonCounts() {
        assertThat(SqlStatements.split("SELECT 1; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void anUnterminatedQuoteIsAnErrorNamingWhere() {
        assertThatThrownBy(() -> SqlStatements.split("SELECT 'oops"))
                .isInstanceOf(MigrationException.class)
                .hasMessage("unterminated ' quote starting at character 7");
    }
}
