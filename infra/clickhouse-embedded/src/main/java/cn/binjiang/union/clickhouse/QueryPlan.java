package cn.binjiang.union.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The statement a request asks for ({@code clientSql}: as the client sent it, without its data), with any INSERT
 * data moved out of the SQL. Data sent in the body is
 * spooled to a file and read by {@code INSERT ... FROM INFILE}: chDB misreads some binary data inline in the
 * query text, and a file keeps large inserts out of the Java heap.
 */
record QueryPlan(SqlStatement statement, String clientSql, Optional<FileInsert> fileInsert) {
    /** An INSERT whose data was spooled to {@code file}. */
    record FileInsert(SqlStatement.InsertHead head, Path file) {
        /**
         * The statement chDB runs, with {@code serverSettings} (assignments, or empty) as query-level settings: they
         * last for this statement only, so nothing needs restoring afterwards. The client's own SETTINGS clause
         * comes last and wins, as it wins over URL settings in ClickHouse.
         */
        String sql(String serverSettings) {
            String settings = Stream.of(serverSettings, head.settings())
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(", "));
            return head.target() + " FROM INFILE "
                    + Sql.quote(file.toAbsolutePath().toString()) + (settings.isEmpty() ? "" : " SETTINGS " + settings)
                    + " FORMAT " + head.format();
        }

        /** This insert with {@code columns} ({@code (a, b)}) as the list of columns its data has values for. */
        FileInsert withColumns(String columns) {
            return new FileInsert(
                    new SqlStatement.InsertHead(head.target() + " " + columns, head.settings(), head.format()), file);
        }

        /**
         * The engine's error as a server reading the body itself words it: without the spool file's name and the
         * File source that read the file, which would also show clients where the server keeps its data.
         */
        ClickHouseException withoutSpool(ClickHouseException e) {
            return e.without(": (in file/uri " + file.toAbsolutePath() + ")", ": While executing File");
        }
    }

    /** Longest SQL text (not INSERT data) accepted in a body; ClickHouse's max_query_size is far smaller. */
    static final int MAX_SQL_BYTES = 64 << 20;

    private static final int PREFIX_BYTES = 1 << 20;

    static QueryPlan read(String queryParam, InputStream body, Path spoolDir) throws IOException {
        if (queryParam != null) {
            SqlStatement query = SqlStatement.parse(queryParam);
            if (query.insertHead().isPresent() && !query.isMultiStatement()) {
                return spooled(query, body, new byte[0], spoolDir);
            }
            byte[] rest = readSql(body, new byte[0]);
            if (rest.length == 0) {
                return new QueryPlan(query, query.sql(), Optional.empty());
            }
            // ClickHouse's rule: the body continues the statement given in the URL.
            byte[] head = (queryParam + "\n").getBytes(StandardCharsets.UTF_8);
            return fromBody(
                    new java.io.SequenceInputStream(
                            new java.io.ByteArrayInputStream(head), new java.io.ByteArrayInputStream(rest)),
                    spoolDir);
        }
        return fromBody(body, spoolDir);
    }

    private static QueryPlan fromBody(InputStream body, Path spoolDir) throws IOException {
        byte[] prefix = body.readNBytes(PREFIX_BYTES);
        SqlStatement head = SqlStatement.parseInsertPrefix(new String(prefix, StandardCharsets.ISO_8859_1));
        if (head.dataStart() >= 0) {
            // In ISO-8859-1 one char is one byte, so the head's length is its byte length.
            String statement = new String(prefix, 0, head.sql().length(), StandardCharsets.UTF_8);
            return spooled(
                    SqlStatement.parse(statement),
                    body,
                    Arrays.copyOfRange(prefix, head.dataStart(), prefix.length),
                    spoolDir);
        }
        SqlStatement statement = SqlStatement.parse(new String(readSql(body, prefix), StandardCharsets.UTF_8));
        return new QueryPlan(statement, statement.sql(), Optional.empty());
    }

    private static QueryPlan spooled(SqlStatement insert, InputStream body, byte[] alreadyRead, Path spoolDir)
            throws IOException {
        Path file = Files.createTempFile(spoolDir, "insert-", ".data");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(alreadyRead);
            body.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        FileInsert fileInsert = new FileInsert(insert.insertHead().orElseThrow(), file);
        return new QueryPlan(SqlStatement.parse(fileInsert.sql("")), insert.sql(), Optional.of(fileInsert));
    }

    private static byte[] readSql(InputStream body, byte[] prefix) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(prefix);
        byte[] rest = body.readNBytes(MAX_SQL_BYTES + 1 - prefix.length);
        all.write(rest);
        if (all.size() > MAX_SQL_BYTES) {
            throw new ClickHouseException(
                    ClickHouseException.BAD_ARGUMENTS,
                    "Query is too large (more than " + MAX_SQL_BYTES + " bytes of SQL in the body). (BAD_ARGUMENTS)");
        }
        return all.toByteArray();
    }

    void discard() throws IOException {
        if (fileInsert.isPresent()) {
            Files.deleteIfExists(fileInsert.get().file());
        }
    }
}
