package cn.binjiang.union.clickhouse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach {@link ClickHouseHttpHandler} (a malformed request line or
 * header, a head over {@link HttpListeners#MAX_REQUEST_HEAD_BYTES}, a body below the minimum rate) as ClickHouse
 * answers the errors of its HTTP library: {@code Code: 1000} (POCO_EXCEPTION) in the body and in
 * {@code X-ClickHouse-Exception-Code}, so a client reads them as it reads every other error.
 */
final class ProtocolErrorHandler extends ErrorHandler {
    private final String version;

    ProtocolErrorHandler(String version) {
        this.version = version;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        fields.put(ClickHouseHttpHandler.EXCEPTION_CODE_HEADER, Integer.toString(ClickHouseException.HTTP_PROTOCOL));
        return ByteBuffer.wrap(text(status, reason));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object cause = request.getAttribute(ERROR_MESSAGE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.getHeaders()
                .put(ClickHouseHttpHandler.EXCEPTION_CODE_HEADER, Integer.toString(ClickHouseException.HTTP_PROTOCOL));
        response.write(true, ByteBuffer.wrap(text(status, cause == null ? null : cause.toString())), callback);
        return true;
    }

    private byte[] text(int status, String reason) {
        String message = "HTTP " + status + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return new ClickHouseException(ClickHouseException.HTTP_PROTOCOL, message + ". (POCO_EXCEPTION)")
                .toResponseText(version)
                .getBytes(StandardCharsets.UTF_8);
    }
}
