package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqlStatementTest {
    @Test
    void kindAndMultiStatementIgnoreStringsAndComments() {
        assertThat(SqlStatement.parse("  /* c */ select ';' -- ; drop\n").kind())
                .isEqualTo("SELECT");
        assertThat(SqlStatement.parse("SELECT 'a;b', `x;y` FROM t;").isMultiStatement())
                .isFalse();
        assertThat(SqlStatement.parse("SELECT 1; DROP TABLE t").isMultiStatement())
                .isTrue();
        assertThat(SqlStatement.parse("SELECT 1;;").isMultiStatement()).isFalse();
        assertThat(SqlStatement.parse("SELECT ';' ; SELECT 2").secondStatement())
                .isEqualTo(11);
        assertThat(SqlStatement.parse("(SELECT 1) UNION ALL (SELECT 2)").kind()).isEqualTo("SELECT");
        assertThat(SqlStatement.parse("WITH 1 AS x SELECT x").isSelect()).isTrue();
    }

    @Test
    void theTextIsReadWithClickHousesLexingRules() {
        // a string ending in a backslash is unclosed to the end of the text (it was read past the text's end)
        assertThat(SqlStatement.parse("SELECT 'abc\\").isMultiStatement()).isFalse();
        // the Unicode spaces ClickHouse skips are white space, so the statement starts with its keyword
        assertThat(SqlStatement.parse("\u00A0SELECT\u200B1").unexpectedStart()).isEmpty();
        assertThat(SqlStatement.parse("\u00A0SELECT\u200B1").kind()).isEqualTo("SELECT");
        // '#' starts a comment only before a space or '!'
        assertThat(SqlStatement.parse("SELECT 1 #x; DROP TABLE t").isMultiStatement())
                .isTrue();
        assertThat(SqlStatement.parse("SELECT 1 # x; DROP TABLE t").isMultiStatement())
                .isFalse();
        assertThat(SqlStatement.parse("SELECT $a$;$a$, 1 // ; DROP TABLE t").isMultiStatement())
                .isFalse();
        // a double-quoted name is a name
        assertThat(SqlStatement.parse("SELECT * FROM \"system\".\"processes\"")
                        .names()
                        .qualified())
                .extracting(StatementNames.QualifiedName::table)
                .containsExactly("processes");
    }

    @Test
    void anInsertHeadIsReadAsItsBytes() {
        // ‘…’ is a string: its quote and its FORMAT are text, the data starts after the statement's own FORMAT
        byte[] body = "INSERT INTO t SETTINGS format_csv_delimiter = ‘it's FORMAT x’ FORMAT CSV\n1,2"
                .getBytes(StandardCharsets.UTF_8);
        SqlStatement head = SqlStatement.parseInsertPrefix(new String(body, StandardCharsets.ISO_8859_1));
        assertThat(head.dataStart()).isEqualTo(body.length - 3);
    }

    @Test
    void formatClauseIsTheTopLevelOneOnly() {
        assertThat(SqlStatement.parse("SELECT 'FORMAT CSV' FROM t FORMAT JSONEachRow")
                        .formatClause())
                .contains("JSONEachRow");
        assertThat(SqlStatement.parse("SELECT * FROM (SELECT 1 FORMAT CSV)").formatClause())
                .isEmpty();
        assertThat(SqlStatement.parse("SELECT 1").formatClause()).isEmpty();
    }

    @Test
    void aStatementStartsWithAKeywordOrAParenthesis() {
        assertThat(SqlStatement.parse("/* c */ SELECT 1").unexpectedStart()).isEmpty();
        assertThat(SqlStatement.parse("(SELECT 1)").unexpectedStart()).isEmpty();
        assertThat(SqlStatement.parse("").unexpectedStart()).isEmpty();
        assertThat(SqlStatement.parse("\u0005 SELECT 1").unexpectedStart()).hasValue(1);
        assertThat(SqlStatement.parse("  \u0087\u00a3").unexpectedStart()).hasValue(3);
        assertThat(SqlStatement.parse("1 + 1").unexpectedStart()).hasValue(1);
        assertThat(SqlStatement.parse("Ä SELECT").unexpectedStart()).hasValue(1);
        // ClickHouse's whitespace, not Java's: a unit separator is a bad token
        assertThat(SqlStatement.parse("\u001Fab").unexpectedStart()).hasValue(1);
        assertThat(SqlStatement.parse("\u000B\fSELECT 1").unexpectedStart()).isEmpty();
    }

    @Test
    void clauseValueIsTheTopLevelSettingsClauses() {
        assertThat(SqlStatement.parse("SELECT now() SETTINGS session_timezone='America/Los_Angeles'")
                        .settings()
                        .clauseValue("session_timezone"))
                .contains("America/Los_Angeles");
        assertThat(SqlStatement.parse(
                                "SELECT 1 SETTINGS max_threads = 2, session_timezone = 'Asia/Shanghai' FORMAT JSON")
                        .settings()
                        .clauseValue("session_timezone"))
                .contains("Asia/Shanghai");
        assertThat(SqlStatement.parse("SELECT 1 SETTINGS max_threads = 2")
                        .settings()
                        .clauseValue("max_threads"))
                .contains("2");
        assertThat(SqlStatement.parse("SELECT * FROM (SELECT 1 SETTINGS session_timezone = 'UTC')")
                        .settings()
                        .clauseValue("session_timezone"))
                .isEmpty();
        assertThat(SqlStatement.parse("SELECT 'SETTINGS session_timezone = x'")
                        .settings()
                        .clauseValue("session_timezone"))
                .isEmpty();
    }

    @Test
    void insertHeadSplitsTargetSettingsAndFormat() {
        assertThat(SqlStatement.parse("INSERT INTO db.t (a, b) FORMAT RowBinary")
                        .insertHead())
                .contains(new SqlStatement.InsertHead("INSERT INTO db.t (a, b)", "", "RowBinary"));
        assertThat(SqlStatement.parse("INSERT INTO t (settings) SETTINGS a = 1, b = 'x' FORMAT CSV")
                        .insertHead())
                .contains(new SqlStatement.InsertHead("INSERT INTO t (settings)", "a = 1, b = 'x'", "CSV"));
        assertThat(SqlStatement.parse("INSERT INTO settings FORMAT CSV").insertHead())
                .contains(new SqlStatement.InsertHead("INSERT INTO settings", "", "CSV"));
        assertThat(SqlStatement.parse("INSERT INTO t SETTINGS a = 1 VALUES").insertHead())
                .contains(new SqlStatement.InsertHead("INSERT INTO t", "a = 1", "Values"));
        assertThat(SqlStatement.parse("INSERT INTO t VALUES").insertHead())
                .contains(new SqlStatement.InsertHead("INSERT INTO t", "", "Values"));
        assertThat(SqlStatement.parse("INSERT INTO t VALUES (1)").insertHead()).isEmpty();
        assertThat(SqlStatement.parse("INSERT INTO t SELECT 1").insertHead()).isEmpty();
    }

    @Test
    void theTableOfAnInsertWithoutColumnList() {
        assertThat(SqlStatement.parse("INSERT INTO t").insertTableWithoutColumns())
                .contains(new SqlStatement.TableName(java.util.Optional.empty(), "t"));
        assertThat(SqlStatement.parse("insert into table `k p`.`e`").insertTableWithoutColumns())
                .contains(new SqlStatement.TableName(java.util.Optional.of("k p"), "e"));
        assertThat(SqlStatement.parse("INSERT INTO t (a)").insertTableWithoutColumns())
                .isEmpty();
        assertThat(SqlStatement.parse("INSERT INTO FUNCTION file('x')").insertTableWithoutColumns())
                .isEmpty();
        assertThat(SqlStatement.parse("SELECT t").insertTableWithoutColumns()).isEmpty();
    }

    @Test
    void inlineDataStartsAfterFormatNameAndOneLineBreak() {
        byte[] body = "INSERT INTO t FORMAT RowBinary\n\n\u0001 ;x".getBytes(StandardCharsets.ISO_8859_1);
        SqlStatement head = SqlStatement.parseInsertPrefix(new String(body, StandardCharsets.ISO_8859_1));
        assertThat(head.sql()).isEqualTo("INSERT INTO t FORMAT RowBinary");
        assertThat(head.dataStart()).isEqualTo(31);
        assertThat(SqlStatement.parseInsertPrefix("SELECT 1 FORMAT CSV\n").dataStart())
                .isEqualTo(-1);
    }

    @Test
    void setStatementNamesItsSettings() {
        assertThat(SqlStatement.parse("SET max_threads = 1, result_overflow_mode = 'throw'")
                        .settings()
                        .assigned())
                .containsExactly("max_threads", "result_overflow_mode");
    }

    @Test
    void namesOfDatabasesTablesAndFunctions() {
        SqlStatement s = SqlStatement.parse(
                "WITH x AS (SELECT 1) SELECT * FROM kpi.t JOIN `hr`.`s` USING a, x WHERE a IN (SELECT a FROM u)"
                        + " AND b = 'FROM secret.t' AND file('p') != ''");
        assertThat(s.names().qualified())
                .extracting(StatementNames.QualifiedName::database)
                .containsExactly("kpi", "hr");
        assertThat(s.names().unqualifiedObjects()).containsExactly("u");
        assertThat(SqlStatement.parse("SHOW TABLES FROM hr").names().unqualifiedObjects())
                .containsExactly("hr");
        assertThat(SqlStatement.parse("SELECT 1").names().unqualifiedObjects()).isEmpty();
    }

    @Test
    void killQueryConditionAndMode() {
        KillQuery kill = KillQuery.of(SqlStatement.parse("KILL QUERY WHERE query_id = 'a b' SYNC FORMAT JSON"))
                .orElseThrow();
        assertThat(kill.condition()).isEqualTo("query_id = 'a b'");
        assertThat(kill.mode()).isEqualTo("SYNC");
        assertThat(kill.formatClause()).isEqualTo("FORMAT JSON");
        assertThat(KillQuery.of(SqlStatement.parse("KILL MUTATION WHERE 1"))).isEmpty();
    }
}
