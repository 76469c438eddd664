package cn.binjiang.union.clickhouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * What a server process started by {@link EmbeddedClickHouseProcess} writes, read as it runs on a thread of its own:
 * the last lines, kept for the messages of a failed start or stop, and the ports its HTTPS and ready lines announce.
 */
final class ServerOutput {
    private static final int LINES_KEPT = 200;

    private final Deque<String> lines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Integer> httpsPort = new CompletableFuture<>();

    private ServerOutput() {}

    /** Starts reading {@code process}'s output (stdout with stderr) until it ends. */
    static ServerOutput read(Process process) {
        ServerOutput output = new ServerOutput();
        Thread.ofPlatform().daemon().name("clickhouse-output-" + process.pid()).start(() -> output.drain(process));
        return output;
    }

    /** The HTTP port of the ready line; fails when the process ends before it. */
    CompletableFuture<Integer> port() {
        return port;
    }

    /** The HTTPS port, announced before the ready line when the server has one. */
    CompletableFuture<Integer> httpsPort() {
        return httpsPort;
    }

    /** The last lines the server wrote. */
    String tail() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    private void drain(Process process) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > LINES_KEPT) {
                        lines.removeFirst();
                    }
                }
                if (!httpsPort.isDone() && line.startsWith(EmbeddedClickHouseServer.HTTPS_PREFIX)) {
                    httpsPort.complete(Integer.parseInt(
                            line.substring(line.lastIndexOf(':') + 1).strip()));
                }
                if (!port.isDone()
                        && line.startsWith(EmbeddedClickHouseServer.READY_PREFIX)
                        && line.contains(" ready on ")) {
                    port.complete(Integer.parseInt(
                            line.substring(line.lastIndexOf(':') + 1).strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("server exited before it was ready"));
    }
}
