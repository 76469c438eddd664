package cn.binjiang.union.clickhouse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request's body as the statement reader sees it: decoded ({@code Content-Encoding}, then {@code decompress=1}
 * blocks), with every failure to read it told apart and named as ClickHouse names it: the connection (cut,
 * too slow, broken chunked framing) is {@link ClickHouseException#HTTP_PROTOCOL}, undecodable data is
 * {@link ClickHouseException#CANNOT_DECOMPRESS}.
 */
final class RequestBody {
    private RequestBody() {}

    static InputStream of(Request request, HttpQueryParameters params) {
        InputStream body = new Translated(
                Content.Source.asInputStream(request),
                e -> new ClickHouseException(
                        ClickHouseException.HTTP_PROTOCOL,
                        "Cannot read the request body: " + e + ". (POCO_EXCEPTION)"));
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        if (encoding != null) {
            Function<Exception, ClickHouseException> undecodable = e -> new ClickHouseException(
                    ClickHouseException.CANNOT_DECOMPRESS,
                    "Cannot decode the " + encoding + " request body: " + e + ". (CANNOT_DECOMPRESS)");
            try {
                // a decoder may read its header here
                body = new Translated(ContentEncoding.decoder(encoding, body), undecodable);
            } catch (IOException e) {
                throw undecodable.apply(e);
            }
        }
        return params.isOn("decompress") ? new CompressedBlockInputStream(body) : body;
    }

    /**
     * Rethrows the I/O failures of one layer as the ClickHouse error of that layer; the layers below have named theirs.
     */
    private static final class Translated extends FilterInputStream {
        private final Function<Exception, ClickHouseException> named;

        Translated(InputStream in, Function<Exception, ClickHouseException> named) {
            super(in);
            this.named = named;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ClickHouseException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Jetty reports a broken chunked framing or a too slow body as an unchecked exception
                throw named.apply(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ClickHouseException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Jetty reports a broken chunked framing or a too slow body as an unchecked exception
                throw named.apply(e);
            }
        }
    }
}
