package cn.binjiang.union.bench.metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine a run measured: figures mean little without it. */
public record Machine(int cores, String cpu, long memoryMb, String os, String java) {
    public static Machine current() throws IOException {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
                procLine("/proc/meminfo", "MemTotal")
                        .map(v -> Long.parseLong(v.replaceAll("\\D", "")) / 1024)
                        .orElse(0L),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static Optional<String> procLine(String file, String key) throws IOException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) return Optional.empty();
        return Files.readAllLines(path).stream()
                .filter(l -> l.startsWith(key))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim());
    }

    @Override
    public String toString() {
        return String.format("%d cores (%s), %.1f GiB, %s, %s", cores, cpu, memoryMb / 1024.0, os, java);
    }
}
