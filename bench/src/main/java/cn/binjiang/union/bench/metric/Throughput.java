package cn.binjiang.union.bench.metric;

import cn.binjiang.union.bench.service.KpiJobUnderTest;
import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.bench.workload.BenchTopics;
import cn.binjiang.union.operations.progress.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's throughput over the preloaded backlog, raw-event landing included: from the moment
 * Flink runs the job to the moment ClickHouse holds every raw event and the last KPI upsert.
 * "The last" is known only afterwards, once nothing has changed for {@link #QUIET_POLLS} polls;
 * the end is then the first poll that saw the final state, so the quiet wait is not counted. The
 * KPI side is watched through the newest {@code updated_at}, not a row count: background merges
 * shrink kpi_values but keep each cell's newest row.
 */
public final class Throughput {
    private static final long POLL_MS = 250;
    private static final int QUIET_POLLS = 12;
    private static final long STALL_NANOS = 120_000_000_000L;

    /**
     * @param rejected rows in rejected_events: 0 unless a preloaded event was refused
     * @param kpiUpdates KPI values the job emitted (one per changed cell per pre-aggregated bundle)
     * @param jobCpuSeconds CPU the job's JVM used while it ran the backlog
     * @param kpiKeys distinct KPI cells written once the backlog is in
     * @param kpiKeysInState of those, the cells the job still holds (a full collection then measures the live heap)
     * @param cores cores each process used meanwhile: the KPI job first, then the stack's services the run was given
     */
    public record Result(
            Rate rate,
            long rejected,
            double secondsToRunning,
            long kpiUpdates,
            double jobCpuSeconds,
            long kpiKeys,
            long kpiKeysInState,
            Map<String, Double> cores) {
        public double kpiUpdatesPerEvent() {
            return (double) kpiUpdates / rate.events();
        }

        public double jobCpuMicrosPerEvent() {
            return jobCpuSeconds * 1e6 / rate.events();
        }
    }

    private record Poll(long at, long raw, long kpiUpdatedAt) {}

    private Throughput() {}

    public static Result measure(
            KpiJobUnderTest job,
            BenchDatabase db,
            BenchTopics topics,
            long expected,
            long startedAt,
            long lastEventTimeMs,
            Map<String, Long> stackPids)
            throws Exception {
        long runningAt = job.awaitRunning();
        job.collectGarbage();
        double cpuAtStart = job.cpuSeconds();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("KPI job", job.pid());
        pids.putAll(stackPids);
        CpuUse cpuUse = CpuUse.start(pids);
        Progress progress = new Progress("throughput: raw events in ClickHouse", expected, System.err);
        List<Poll> polls = new ArrayList<>();
        long lastChange = System.nanoTime();
        while (true) {
            job.requireAlive();
            Poll poll = new Poll(System.nanoTime(), db.rawRows(), db.lastKpiUpdate());
            Poll previous = polls.isEmpty() ? null : polls.get(polls.size() - 1);
            polls.add(poll);
            progress.update(poll.raw);
            if (previous == null || previous.raw != poll.raw || previous.kpiUpdatedAt != poll.kpiUpdatedAt)
                lastChange = poll.at;
            if (poll.raw + db.rejectedRows() >= expected && polls.size() > QUIET_POLLS && quiet(polls)) break;
            if (poll.at - lastChange > STALL_NANOS) {
                throw new IllegalStateException(
                        "no progress for 120 s at " + poll.raw + " of " + expected + " raw events");
            }
            Thread.sleep(POLL_MS);
        }
        Poll last = polls.get(polls.size() - 1);
        Poll done = polls.stream()
                .filter(p -> p.raw == last.raw && p.kpiUpdatedAt == last.kpiUpdatedAt)
                .findFirst()
                .orElseThrow();
        progress.finish(last.raw);
        double cpu = job.cpuSeconds() - cpuAtStart;
        Map<String, Double> cores = cpuUse.cores();
        job.collectGarbage();
        return new Result(
                Rate.of(last.raw, done.at - runningAt),
                db.rejectedRows(),
                (runningAt - startedAt) / 1e9,
                topics.kpiUpdates(),
                cpu,
                db.kpiKeys(),
                db.kpiKeysInState(lastEventTimeMs, job.lateHorizonMs()),
                cores);
    }

    private static boolean quiet(List<Poll> polls) {
        Poll last = polls.get(polls.size() - 1);
        return polls.subList(polls.size() - QUIET_POLLS, polls.size()).stream()
                .allMatch(p -> p.raw == last.raw && p.kpiUpdatedAt == last.kpiUpdatedAt);
    }
}
