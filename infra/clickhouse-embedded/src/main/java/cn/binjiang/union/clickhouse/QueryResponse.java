package cn.binjiang.union.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response to one query. Output is held back up to a buffer limit, as ClickHouse's
 * {@code http_response_buffer_size} does, so that a query failing early still gets a proper error status;
 * a longer result is sent chunked as it is produced. A failure after that point can only be appended to the
 * body, so the connection is then dropped without the final chunk and the client cannot mistake the
 * truncated body for a complete one.
 */
final class QueryResponse {
    private final HttpExchange exchange;
    private final boolean compress;
    private final int bufferLimit;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private ChdbEngine.Stats stats = ChdbEngine.Stats.NONE;
    private OutputStream live;

    QueryResponse(HttpExchange exchange, boolean compress, int bufferLimit) {
        this.exchange = exchange;
        this.compress = compress;
        this.bufferLimit = bufferLimit;
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    void stats(ChdbEngine.Stats stats) {
        this.stats = stats;
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
            exchange.sendResponseHeaders(200, 0);
            live = compress ? new CompressedBlockOutputStream(exchange.getResponseBody()) : exchange.getResponseBody();
            held.writeTo(live);
            held.reset();
        }
    }

    /** Sends what is held (with its exact length) or ends the chunked body. */
    void complete() throws IOException {
        if (live != null) {
            live.close();
            return;
        }
        summaryHeader();
        byte[] raw = held.toByteArray();
        byte[] body = compress && raw.length > 0 ? CompressedBlockOutputStream.frame(raw, 0, raw.length) : raw;
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.getResponseBody().close();
    }

    /**
     * Reports a failure: a status and {@code X-ClickHouse-Exception-Code} while nothing is sent yet,
     * otherwise the exception text after the partial output followed by an abort (the thrown IOException).
     */
    void fail(ClickHouseException e, String version) throws IOException {
        byte[] text = e.toResponseText(version).getBytes(StandardCharsets.UTF_8);
        if (live == null) {
            exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
            exchange.getResponseHeaders().remove("X-ClickHouse-Format");
            exchange.sendResponseHeaders(HttpErrorStatus.of(e.code()), text.length);
            exchange.getResponseBody().write(text);
            exchange.getResponseBody().close();
            return;
        }
        live.write(text);
        live.flush();
        throw new IOException("query failed after its output had started; connection aborted: " + e.getMessage());
    }

    private void summaryHeader() {
        header("X-ClickHouse-Summary", String.format(
                "{\"read_rows\":\"%d\",\"read_bytes\":\"%d\",\"written_rows\":\"%d\",\"written_bytes\":\"%d\","
                        + "\"total_rows_to_read\":\"%d\",\"result_rows\":\"0\",\"result_bytes\":\"%d\",\"elapsed_ns\":\"%d\"}",
                stats.rowsRead(), stats.bytesRead(), stats.rowsWritten(), stats.bytesWritten(), stats.rowsRead(),
                stats.resultBytes(), (long) (stats.elapsedSeconds() * 1e9)));
    }
}
