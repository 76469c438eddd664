package cn.binjiang.union.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * The response to one query. Output is held back up to a buffer limit, as ClickHouse's
 * {@code http_response_buffer_size} does, so that a query failing early still gets a proper error status;
 * a longer result is sent chunked as it is produced. A failure after that point can only be appended to the
 * body, so the connection is then dropped without the final chunk and the client cannot mistake the
 * truncated body for a complete one. With {@code compress=1} the body is in ClickHouse's compressed-block framing;
 * a negotiated {@code Content-Encoding} (enable_http_compression=1) is applied on top, as ClickHouse does.
 * Results are sent chunked, short ones included, as a ClickHouse server sends them; errors that end the answer
 * before it started carry their length.
 */
final class QueryResponse {
    private final Response response;
    private final boolean compress;
    private final Optional<String> contentEncoding;
    private final int bufferLimit;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private ChdbConnection.Stats stats = ChdbConnection.Stats.NONE;
    private OutputStream live;

    QueryResponse(Response response, boolean compress, Optional<String> contentEncoding, int bufferLimit) {
        this.response = response;
        this.compress = compress;
        this.contentEncoding = contentEncoding;
        this.bufferLimit = bufferLimit;
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void stats(ChdbConnection.Stats stats) {
        this.stats = stats;
    }

    /**
     * The query's work as last reported: complete once the query has run, {@link ChdbConnection.Stats#NONE} if it never
     * ran.
     */
    ChdbConnection.Stats stats() {
        return stats;
    }

    boolean committed() {
        return live != null;
    }

    void write(byte[] data, int off, int len) throws IOException {
        if (live != null) {
            live.write(data, off, len);
            return;
        }
        held.write(data, off, len);
        if (held.size() > bufferLimit) {
            summaryHeader();
            contentEncoding.ifPresent(e -> header("Content-Encoding", e));
            live = encoded(Content.Sink.asOutputStream(response));
            held.writeTo(live);
            held.reset();
        }
    }

    /** Sends what is held, or ends the body already streaming. */
    void complete() throws IOException {
        if (live == null) {
            summaryHeader();
            if (held.size() > 0) {
                contentEncoding.ifPresent(e -> header("Content-Encoding", e));
            }
            live = held.size() > 0
                    ? encoded(Content.Sink.asOutputStream(response))
                    : Content.Sink.asOutputStream(response);
            // written before the end of the body, so the headers go out without a length: chunked
            live.write(held.toByteArray());
            live.flush();
            held.reset();
        }
        live.close();
    }

    /**
     * Reports a failure: a status and {@code X-ClickHouse-Exception-Code} while nothing is sent yet,
     * otherwise the exception text after the partial output followed by an abort (the thrown IOException).
     */
    void fail(ClickHouseException e, String version) throws IOException {
        byte[] text = e.toResponseText(version).getBytes(StandardCharsets.UTF_8);
        if (live == null) {
            response.getHeaders().put(ClickHouseHttpHandler.EXCEPTION_CODE_HEADER, Integer.toString(e.code()));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
            response.getHeaders().remove("X-ClickHouse-Format");
            response.getHeaders().remove(HttpHeader.CONTENT_ENCODING);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
            response.setStatus(HttpErrorStatus.of(e.code()));
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write(text);
            }
            return;
        }
        live.write(text);
        live.flush();
        throw new IOException("query failed after its output had started; connection aborted: " + e.getMessage());
    }

    private OutputStream encoded(OutputStream out) throws IOException {
        OutputStream encoded = contentEncoding.isPresent() ? ContentEncoding.encoder(contentEncoding.get(), out) : out;
        return compress ? new CompressedBlockOutputStream(encoded) : encoded;
    }

    /** The summary as of the headers: complete for results within the buffer, progress so far for longer ones. */
    private void summaryHeader() {
        header(
                "X-ClickHouse-Summary",
                String.format(
                        "{\"read_rows\":\"%d\",\"read_bytes\":\"%d\",\"written_rows\":\"%d\",\"written_bytes\":\"%d\","
                                + "\"total_rows_to_read\":\"%d\",\"result_rows\":\"%d\",\"result_bytes\":\"%d\",\"elapsed_ns\":\"%d\"}",
                        stats.rowsRead(),
                        stats.bytesRead(),
                        stats.rowsWritten(),
                        stats.bytesWritten(),
                        stats.rowsRead(),
                        stats.resultRows(),
                        stats.resultBytes(),
                        (long) (stats.elapsedSeconds() * 1e9)));
    }
}
