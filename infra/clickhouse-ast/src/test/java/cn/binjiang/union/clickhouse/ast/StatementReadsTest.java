package cn.binjiang.union.clickhouse.ast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatementReadsTest {
    @Test
    void tablesTableFunctionsFunctionsAndClausesOfAHostileSelect() {
        StatementReads reads = StatementReads.of(SyntaxTree.parse(SyntaxTreeTest.HOSTILE));
        assertThat(reads.statementKind()).isEqualTo("SelectWithUnionQuery");
        assertThat(reads.tableFunctions()).containsExactly("file");
        assertThat(reads.functions()).containsExactlyInAnyOrder("and", "in");
        assertThat(reads.tables())
                .containsExactly(
                        new StatementReads.TableName(Optional.empty(), "kpi_latest"),
                        new StatementReads.TableName(Optional.empty(), "streets"),
                        new StatementReads.TableName(Optional.of("kpi"), "enterprises"));
        assertThat(reads.settingsClause()).isTrue();
        assertThat(reads.formatClause()).isTrue();
        assertThat(reads.fileClause()).isFalse();
    }

    @Test
    void intoOutfileIsALiteralBesideTheQuery() {
        // SELECT 1 INTO OUTFILE 'x' TRUNCATE COMPRESSION 'gzip'
        StatementReads reads = StatementReads.of(SyntaxTree.parse(List.of(
                "SelectWithUnionQuery (children 3)",
                " ExpressionList (children 1)",
                "  SelectQuery (children 1)",
                "   ExpressionList (children 1)",
                "    Literal UInt64_1",
                " Literal 'gzip'",
                " Literal 'x'")));
        assertThat(reads.fileClause()).isTrue();
        assertThat(reads.formatClause()).isFalse();
    }

    @Test
    void anInsertNamesItsTargetAndItsInfile() {
        // INSERT INTO db.t (a) SETTINGS async_insert=1 VALUES
        StatementReads insert = StatementReads.of(SyntaxTree.parse(List.of(
                "InsertQuery   (children 4)",
                " Identifier db",
                " Identifier t",
                " ExpressionList (children 1)",
                "  Identifier a",
                " Set")));
        assertThat(insert.tables()).containsExactly(new StatementReads.TableName(Optional.of("db"), "t"));
        assertThat(insert.settingsClause()).isTrue();
        assertThat(insert.fileClause()).isFalse();
        // INSERT INTO t FROM INFILE '/etc/hostname'
        StatementReads infile = StatementReads.of(
                SyntaxTree.parse(List.of("InsertQuery   (children 2)", " Literal '/etc/hostname'", " Identifier t")));
        assertThat(infile.fileClause()).isTrue();
        assertThat(infile.tables()).containsExactly(new StatementReads.TableName(Optional.empty(), "t"));
    }

    @Test
    void explainedStatementsAreReadToo() {
        // EXPLAIN PIPELINE SELECT * FROM url('http://x')
        StatementReads reads = StatementReads.of(SyntaxTree.parse(List.of(
                "Explain EXPLAIN PIPELINE (children 1)",
                " SelectWithUnionQuery (children 1)",
                "  ExpressionList (children 1)",
                "   SelectQuery (children 2)",
                "    ExpressionList (children 1)",
                "     Asterisk",
                "    TablesInSelectQuery (children 1)",
                "     TablesInSelectQueryElement (children 1)",
                "      TableExpression (children 1)",
                "       Function url (children 1)",
                "        ExpressionList (children 1)",
                "         Literal 'http://x'")));
        assertThat(reads.tableFunctions()).containsExactly("url");
        assertThat(reads.functions()).isEmpty();
    }
}
