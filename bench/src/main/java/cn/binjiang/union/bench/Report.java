package cn.binjiang.union.bench;

import cn.binjiang.union.bench.baseline.Landing;
import cn.binjiang.union.bench.load.LoadStats;
import cn.binjiang.union.bench.load.LoadVerification;
import cn.binjiang.union.bench.load.StoreLoad;
import cn.binjiang.union.bench.metric.Latency;
import cn.binjiang.union.bench.micro.MicroResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The run's figures as a table for the person who ran it, each beside the target the issue set (a figure to
 * chase, not a pass/fail of the run); {@link ResultsJson} writes the same figures for tools.
 */
public final class Report {
    static final double TARGET_RATIO = 0.5;
    static final double TARGET_SERVER_COST = 0.2;
    static final double TARGET_FRESHNESS_P99_MS = 1_000;
    static final double TARGET_PANEL_P99_MS = 50;
    static final long TARGET_HEAP_MB = 1_024;
    static final long TARGET_HEAP_KEYS = 1_000_000;

    private Report() {}

    static void print(Results r, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "benchmark run %s%s on %s%n", r.runId(), r.quick() ? " (--quick)" : "", r.machine());
        if (!r.jobSettings().isEmpty())
            out.printf(Locale.ROOT, "  KPI job settings over its config file: %s%n", r.jobSettings());
        row(
                out,
                "preload (producer, generate + encode)",
                "%,.0f events/s (%,d events)",
                r.preload().perSecond(),
                r.preload().events());
        row(
                out,
                "decode ceiling (" + r.parallelism() + " consumers, decode only)",
                "%,.0f events/s",
                r.ceiling().perSecond());
        row(
                out,
                "landing ceiling (" + r.parallelism() + " connections, RowBinary)",
                "%,.0f raw rows/s (%,d rows in %,d-row batches)",
                r.landing().perSecond(),
                r.landing().events(),
                Landing.BATCH_ROWS);
        row(
                out,
                "peer (consumers + materialized views)",
                "%,.0f events/s; %,d KPI cells, %,d differ from the job's",
                r.peer().rate().perSecond(),
                r.peer().cells(),
                r.peer().cellsDiffering());
        row(
                out,
                "store insert path (one connection)",
                "chDB in-process %,.0f rows/s, over HTTP %,.0f rows/s: the server costs %.0f%%"
                        + "   [target <= %.0f%%: %s]",
                r.store().engineRowsPerSecond(),
                r.store().httpRowsPerSecond(),
                100 * r.store().serverCost(),
                100 * TARGET_SERVER_COST,
                verdict(r.store().serverCost() <= TARGET_SERVER_COST));
        row(
                out,
                "",
                "the engine's own time inside the same HTTP inserts: %,.0f rows/s; HTTP, the server and the client cost %.0f%% of it",
                r.store().engineInServerRowsPerSecond(),
                100 * r.store().requestOverhead());
        row(
                out,
                "throughput (KPI job, raw events landed)",
                "%,.0f events/s = %.1f%% of the landing ceiling   [target >= %.0f%%: %s]",
                r.throughput().rate().perSecond(),
                100 * r.ratioToLanding(),
                100 * TARGET_RATIO,
                verdict(r.ratioToLanding() >= TARGET_RATIO));
        row(
                out,
                "",
                "%.2f times the peer   [target >= 1: %s]; %.1f%% of the decode ceiling",
                r.ratioToPeer(),
                verdict(r.ratioToPeer() >= 1),
                100 * r.ratioToCeiling());
        row(
                out,
                "",
                "%,d events in %.1f s after the job was RUNNING (%.1f s to start), %,d rejected",
                r.throughput().rate().events(),
                r.throughput().rate().seconds(),
                r.throughput().secondsToRunning(),
                r.throughput().rejected());
        row(
                out,
                "",
                "job CPU %.0f µs per event; %.1f KPI updates per event (%,d)",
                r.throughput().jobCpuMicrosPerEvent(),
                r.throughput().kpiUpdatesPerEvent(),
                r.throughput().kpiUpdates());
        row(
                out,
                "",
                "cores used meanwhile: %s, of %d",
                r.throughput().cores().entrySet().stream()
                        .map(c -> String.format(Locale.ROOT, "%s %.2f", c.getKey(), c.getValue()))
                        .collect(Collectors.joining(", ")),
                r.machine().cores());
        row(
                out,
                "rebuild (kpi rebuild's recount, every KPI)",
                "%,.0f events/s over the %,d stored events = %.2f times the streaming throughput",
                r.rebuild().perSecond(),
                r.rebuild().events(),
                r.rebuild().perSecond() / r.throughput().rate().perSecond());
        Latency f = r.freshness().latency();
        row(
                out,
                String.format(Locale.ROOT, "freshness at %,d events/s", r.freshnessRate()),
                "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms   [target p99 <= %.0f ms: %s]",
                f.p50(),
                f.p95(),
                f.p99(),
                f.max(),
                TARGET_FRESHNESS_P99_MS,
                verdict(f.p99() <= TARGET_FRESHNESS_P99_MS));
        row(
                out,
                "",
                "%,d (event, KPI) samples, sent at %,.0f events/s, %,d not seen",
                f.samples(),
                r.freshness().sentPerSecond(),
                r.freshness().unseen());
        row(
                out,
                "query latency (dashboard API)",
                "%,d raw events, %,d kpi_values rows stored   [target p99 <= %.0f ms: %s]",
                r.rawEventsStored(),
                r.kpiRows(),
                TARGET_PANEL_P99_MS,
                verdict(r.worstPanelP99() <= TARGET_PANEL_P99_MS));
        for (Map.Entry<String, Latency> panel : r.panels().entrySet()) {
            row(
                    out,
                    "  panel " + panel.getKey(),
                    "p50 %.1f ms, p99 %.1f ms",
                    panel.getValue().p50(),
                    panel.getValue().p99());
        }
        long keys = r.throughput().kpiKeysInState();
        row(
                out,
                "memory (KPI job, -Xmx1g)",
                "live heap %,d MB (%,d MB at start) holding %,d KPI cells (%,d written)   [target <= %,d MB at %,d keys: %s]",
                r.heap().liveMb(),
                r.heap().baselineLiveMb(),
                keys,
                r.throughput().kpiKeys(),
                TARGET_HEAP_MB,
                TARGET_HEAP_KEYS,
                keys < TARGET_HEAP_KEYS
                        ? String.format(Locale.ROOT, "fewer keys; projected %,.0f MB at 1M", projectedHeapMb(r))
                        : verdict(r.heap().liveMb() <= TARGET_HEAP_MB));
        row(
                out,
                "",
                "heap peak %,d MB used (garbage included), %,d MB after a young GC; RSS peak %,d MB; %,d GCs",
                r.heap().peakUsedMb(),
                r.heap().peakAfterGcMb(),
                r.peakRssBytes() >> 20,
                r.heap().collections());
        printStoreLoad(r.storeLoad(), out);
        for (MicroResult m : r.micro()) {
            // JMH gives no error bound for fewer than three measurement iterations (--quick has two).
            row(
                    out,
                    "JMH " + m.name(),
                    Double.isNaN(m.error()) ? "%,.0f ops/s" : "%,.0f ops/s (± %,.0f)",
                    m.opsPerSecond(),
                    m.error());
        }
    }

    public static void printStoreLoad(StoreLoad.Result load, PrintStream out) {
        LoadVerification.Result v = load.verification();
        row(
                out,
                String.format(Locale.ROOT, "store load (%d clients, %.0f s)", load.clients(), load.seconds()),
                "%,d requests (%,.0f/s), %,d errors, %,d wrong answers; %,d rows acknowledged, %,d stored, %,d distinct   [target no errors, every row once: %s]",
                load.requests(),
                load.requests() / load.seconds(),
                load.errors(),
                load.wrongAnswers(),
                v.rowsAcknowledged(),
                v.rowsStored(),
                v.distinctIds(),
                verdict(load.clean()));
        if (!v.exact()) {
            row(
                    out,
                    "",
                    "%,d rows missing, %,d duplicated, %,d of failed inserts, %,d never sent",
                    v.missingRows(),
                    v.duplicateRows(),
                    v.rowsOfFailedInserts(),
                    v.rowsNeverSent());
            v.firstProblems().forEach(problem -> row(out, "", "%s", problem));
        }
        for (LoadStats.Figures kind : load.kinds()) {
            Latency l = kind.latency();
            row(
                    out,
                    "  " + kind.kind(),
                    "%,d (%,.1f/s): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %,d errors, %,d wrong",
                    kind.requests(),
                    kind.perSecond(load.seconds()),
                    l.p50(),
                    l.p95(),
                    l.p99(),
                    l.max(),
                    kind.errors(),
                    kind.wrongAnswers());
            kind.firstErrors().forEach(error -> row(out, "", "%s", error));
        }
        row(
                out,
                "",
                "server: %d query slots (one per client), queue_max_wait_ms %,d; RSS peak %,d MB; %,d active parts at the end; cores used: %s",
                load.maxConcurrentQueries(),
                load.queueMaxWaitMs(),
                load.serverPeakRssBytes() >> 20,
                load.activeParts(),
                load.cores().entrySet().stream()
                        .map(c -> String.format(Locale.ROOT, "%s %.2f", c.getKey(), c.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    /**
     * The live heap with 1M cells in state: the heap as the job started plus 1M times what each cell
     * held after the backlog added (the growth includes the event ids kept for deduplication, so
     * this overstates).
     */
    static double projectedHeapMb(Results r) {
        long keys = Math.max(1, r.throughput().kpiKeysInState());
        double perKeyMb = Math.max(0, r.heap().liveMb() - r.heap().baselineLiveMb()) / (double) keys;
        return r.heap().baselineLiveMb() + perKeyMb * TARGET_HEAP_KEYS;
    }

    private static void row(PrintStream out, String name, String format, Object... args) {
        out.printf(Locale.ROOT, "  %-46s %s%n", name, String.format(Locale.ROOT, format, args));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
