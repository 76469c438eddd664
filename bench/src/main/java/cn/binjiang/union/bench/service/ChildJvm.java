package cn.binjiang.union.bench.service;

import cn.binjiang.union.bench.metric.CpuUse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A service (the KPI job, the dashboard server) in its own JVM, started as {@code ./platform}
 * starts it, so that its memory is its own and can be measured from outside.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildJvm start(
            String name, String classpath, List<String> jvmOptions, String mainClass, List<String> args, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildJvm(name, process, log);
    }

    /** @throws IllegalStateException if the process has exited, naming its log */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; log: " + log);
        }
    }

    /**
     * Polls {@code url} until an answer satisfies {@code ready}; refused connections are the service
     * still starting. Returns {@link System#nanoTime()} at that answer.
     *
     * @throws IllegalStateException if the process exits or {@code timeout} passes first
     */
    public long awaitAnswer(HttpClient http, String url, Predicate<HttpResponse<String>> ready, Duration timeout)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                if (ready.test(http.send(request, HttpResponse.BodyHandlers.ofString()))) return System.nanoTime();
            } catch (IOException notYetListening) {
                // the port opens a few seconds after the JVM starts
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(
                name + " did not answer " + url + " as expected within " + timeout.toSeconds() + " s; log: " + log);
    }

    /** Its resident set's high-water mark (VmHWM), read while it runs. */
    long peakRssBytes() throws IOException {
        return peakRssBytes(process.pid());
    }

    /** The resident set's high-water mark (VmHWM) of process {@code pid}, read while it runs. */
    public static long peakRssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmHWM in /proc/" + pid + "/status");
    }

    /** CPU time (user + system) it has used so far. */
    double cpuSeconds() throws IOException {
        return CpuUse.seconds(process.pid());
    }

    long pid() {
        return process.pid();
    }

    /**
     * A full collection, through {@code jcmd GC.run}, so that the GC log records the live set now;
     * young collections alone report old garbage as used.
     */
    void collectGarbage() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        "GC.run")
                .redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) throw new IOException("jcmd GC.run failed for " + name + ": " + output);
    }

    /** SIGTERM, and SIGKILL if it has not gone within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
