package cn.binjiang.union.jobs.alerts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local DingTalk-like robot: answers {@code {"errcode":0}} to a correctly signed request (and
 * {@code errcode 310000} to a badly signed one, as DingTalk does), keeps every accepted message; it can be
 * taken down (the port closed) and brought back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String secret;
    private final List<JsonNode> accepted = new ArrayList<>();
    private int port;
    private HttpServer server;
    private int badlySigned;

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        up(0);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/robot/send?access_token=test-token";
    }

    synchronized List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    /** The {@code 编号} (transition id) line of every accepted message, in arrival order. */
    synchronized List<String> transitionIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode m : accepted) {
            String text = m.path("markdown").path("text").asText();
            int at = text.indexOf("编号：");
            ids.add(text.substring(at + 3, text.indexOf('\n', at)));
        }
        return ids;
    }

    synchronized int badlySigned() {
        return badlySigned;
    }

    void down() {
        server.stop(0);
        server = null;
    }

    void up() throws IOException {
        up(port);
    }

    private void up(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        port = server.getAddress().getPort();
        server.createContext("/robot/send", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = signatureOk(exchange.getRequestURI());
            synchronized (this) {
                if (signed) accepted.add(JSON.readTree(body));
                else badlySigned++;
            }
            byte[] answer = (signed
                            ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
                            : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    private boolean signatureOk(URI uri) {
        String timestamp = null;
        String sign = null;
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals("timestamp")) timestamp = kv[1];
            if (kv[0].equals("sign")) sign = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
        }
        if (timestamp == null || sign == null) return false;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = Base64.getEncoder()
                    .encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
            return expected.equals(sign);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) down();
    }
}
