package cn.binjiang.union.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client that sends exactly the bytes it is given, however broken, which no HTTP library will: what a hostile or
 * buggy client sends. Only for reading the status line and headers of the answer (and the start of its body).
 */
final class RawHttp {
    /** What came back; {@code status} is -1 when the server closed the connection without an answer. */
    record Answer(int status, Map<String, String> headers, String bodyStart) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The ClickHouse error code, from its header or else from the body's {@code Code: N.}. */
        String errorCode() {
            String code = header("X-ClickHouse-Exception-Code");
            if (code == null && bodyStart.startsWith("Code: ")) {
                int dot = bodyStart.indexOf('.');
                code = dot > 6 ? bodyStart.substring(6, dot) : null;
            }
            return code;
        }
    }

    /** Raised when the server neither answered nor closed within the read timeout: a hung request. */
    static final class Hung extends IOException {
        Hung(String message) {
            super(message);
        }
    }

    private RawHttp() {}

    /**
     * Sends {@code request} on a new connection, then (with {@code endOfInput}) closes the sending side, so a body
     * shorter than announced ends there; reads the answer's head.
     */
    static Answer send(int port, byte[] request, boolean endOfInput, Duration readTimeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (endOfInput) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a head over its limit): read that
                // answer.
            }
            return read(socket.getInputStream());
        }
    }

    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.size() >= 4 && endsWithBlankLine(head.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new Hung("no answer within the read timeout after " + head.size() + " bytes");
        } catch (IOException e) {
            // reset by the server: whatever arrived is the answer
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(-1, Map.of(), text);
        }
        String[] lines = text.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        int wanted = 200;
        int n = 0;
        byte[] body = new byte[wanted];
        try {
            // Read no further than the answer says there is, or a kept-alive connection would wait for more.
            if (headers.containsKey("content-length")) {
                wanted = (int) Math.min(wanted, Long.parseLong(headers.get("content-length")));
            } else if (headers.containsKey("transfer-encoding")) {
                wanted = (int) Math.min(wanted, Long.parseLong(readLine(in).strip(), 16));
            }
            int r;
            while (n < wanted && (r = in.read(body, n, wanted - n)) > 0) {
                n += r;
            }
        } catch (IOException | NumberFormatException e) {
            // the start of the body is enough
        }
        return new Answer(status, headers, new String(body, 0, n, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    private static boolean endsWithBlankLine(byte[] b) {
        int n = b.length;
        return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }
}
