package cn.binjiang.union.bench.metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many cores each process of the run used over a phase, from /proc: the job, ClickHouse and
 * Kafka share the machine, so whether the job is short of CPU or waits on the others shows here.
 */
public final class CpuUse {
    private final Map<String, Long> pids;
    private final Map<String, Double> secondsAtStart = new LinkedHashMap<>();
    private final long startedAt = System.nanoTime();

    private CpuUse(Map<String, Long> pids) throws IOException {
        this.pids = pids;
        for (Map.Entry<String, Long> p : pids.entrySet()) secondsAtStart.put(p.getKey(), seconds(p.getValue()));
    }

    /** Starts counting for {@code pids} (name → pid), in their order. */
    public static CpuUse start(Map<String, Long> pids) throws IOException {
        return new CpuUse(pids);
    }

    /** Cores each process used since the start (CPU seconds over wall seconds). */
    public Map<String, Double> cores() throws IOException {
        double wallSeconds = (System.nanoTime() - startedAt) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            cores.put(p.getKey(), (seconds(p.getValue()) - secondsAtStart.get(p.getKey())) / wallSeconds);
        }
        return cores;
    }

    /**
     * CPU time (user + system) process {@code pid} has used so far (clock ticks of 1/100 s, as on every Linux this runs
     * on).
     */
    public static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }
}
