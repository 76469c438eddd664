package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error texts as chDB 26.5 gives them (taken from the engine), and what a client of the server reads. */
class ClickHouseExceptionTest {
    @Test
    void anErrorOfChdbsClientHalfHasOnePrefixAndNoNoteOnWhereTheDataCameFrom() {
        ClickHouseException e =
                ClickHouseException.fromEngine("Code: 27. DB::Exception: Code: 27. DB::Exception: Cannot parse input: "
                        + "expected '\"' before: 'x\"}\\n': (while reading the value of key a): (at row 1)\n: While executing "
                        + "ParallelParsingBlockInputFormat: data for INSERT was parsed from query. (CANNOT_PARSE_INPUT_ASSERTION_FAILED) "
                        + "(version 26.5.1.1). (CANNOT_PARSE_INPUT_ASSERTION_FAILED)");
        assertThat(e.code()).isEqualTo(27);
        assertThat(e.toResponseText("26.5.1.1"))
                .isEqualTo("Code: 27. DB::Exception: Cannot parse input: expected '\"' before: "
                        + "'x\"}\\n': (while reading the value of key a): (at row 1)\n: While executing ParallelParsingBlockInputFormat. "
                        + "(CANNOT_PARSE_INPUT_ASSERTION_FAILED) (version 26.5.1.1)\n");
    }

    @Test
    void anEngineErrorKeepsItsText() {
        ClickHouseException e = ClickHouseException.fromEngine(
                "Code: 60. DB::Exception: Table default.nosuch does not exist. (UNKNOWN_TABLE)");
        assertThat(e.code()).isEqualTo(60);
        assertThat(e.getMessage()).isEqualTo("Table default.nosuch does not exist. (UNKNOWN_TABLE)");
    }

    @Test
    void aSpooledInsertsErrorNamesNeitherTheFileNorTheSourceThatReadIt() {
        QueryPlan.FileInsert insert = new QueryPlan.FileInsert(
                new SqlStatement.InsertHead("INSERT INTO s", "", "RowBinary"),
                java.nio.file.Path.of("/data/http-spool/insert-1.data"));
        ClickHouseException e =
                insert.withoutSpool(ClickHouseException.fromEngine("Code: 33. DB::Exception: Code: 33. DB::Exception: "
                        + "Cannot read all data. Bytes read: 2. Bytes expected: 8: (at row 1)\n: (in file/uri /data/http-spool/insert-1.data): "
                        + "While executing BinaryRowInputFormat: While executing File: data for INSERT was parsed from file. "
                        + "(CANNOT_READ_ALL_DATA) (version 26.5.1.1). (CANNOT_READ_ALL_DATA)"));
        assertThat(e.toResponseText("26.5.1.1"))
                .isEqualTo(
                        "Code: 33. DB::Exception: Cannot read all data. Bytes read: 2. "
                                + "Bytes expected: 8: (at row 1)\n: While executing BinaryRowInputFormat. (CANNOT_READ_ALL_DATA) (version 26.5.1.1)\n");
    }
}
