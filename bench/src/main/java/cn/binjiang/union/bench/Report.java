package cn.binjiang.union.bench;

import cn.binjiang.union.bench.baseline.Landing;
import cn.binjiang.union.bench.load.LoadRows;
import cn.binjiang.union.bench.load.LoadStats;
import cn.binjiang.union.bench.load.LoadVerification;
import cn.binjiang.union.bench.load.StoreLoad;
import cn.binjiang.union.bench.load.StoreLoadMain;
import cn.binjiang.union.bench.metric.Latency;
import cn.binjiang.union.bench.metric.Machine;
import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.bench.micro.MicroResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The run's figures as a table for the person who ran it and as {@code results.json} for tools,
 * each beside the target the issue set (a figure to chase, not a pass/fail of the run).
 */
public final class Report {
    static final double TARGET_RATIO = 0.5;
    static final double TARGET_SERVER_COST = 0.2;
    static final double TARGET_FRESHNESS_P99_MS = 1_000;
    static final double TARGET_PANEL_P99_MS = 50;
    static final long TARGET_HEAP_MB = 1_024;
    static final long TARGET_HEAP_KEYS = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
    private static double projectedHeapMb(Results r) {
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

    static Path write(Results r, Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", r.runId());
        root.put("quick", r.quick());
        root.putPOJO("job_settings", r.jobSettings());
        root.putPOJO("machine", r.machine());
        root.put("parallelism", r.parallelism());
        rate(root.putObject("preload"), r.preload());
        ObjectNode ceilings = root.putObject("ceilings");
        rate(ceilings.putObject("decode"), r.ceiling()).put("consumers", r.parallelism());
        rate(ceilings.putObject("landing"), r.landing())
                .put("connections", r.parallelism())
                .put("batch_rows", Landing.BATCH_ROWS);
        rate(root.putObject("peer"), r.peer().rate())
                .put("kpi_cells", r.peer().cells())
                .put("kpi_cells_differing_from_job", r.peer().cellsDiffering());
        root.putObject("store_insert_path")
                .put("engine_rows_per_second", round(r.store().engineRowsPerSecond(), 0))
                .put("http_rows_per_second", round(r.store().httpRowsPerSecond(), 0))
                .put("server_cost", round(r.store().serverCost(), 3))
                .put("engine_in_server_rows_per_second", round(r.store().engineInServerRowsPerSecond(), 0))
                .put("request_overhead", round(r.store().requestOverhead(), 3))
                .put("rows_per_batch", r.store().rowsPerBatch())
                .put("batches", r.store().batches());
        ObjectNode throughput =
                rate(root.putObject("throughput"), r.throughput().rate());
        throughput.put("ratio_to_ceiling", round(r.ratioToCeiling(), 3));
        throughput.put("ratio_to_landing", round(r.ratioToLanding(), 3));
        throughput.put("ratio_to_peer", round(r.ratioToPeer(), 3));
        throughput.put("seconds_to_running", round(r.throughput().secondsToRunning(), 1));
        throughput.put("rejected", r.throughput().rejected());
        throughput.put("kpi_updates", r.throughput().kpiUpdates());
        throughput.put("kpi_updates_per_event", round(r.throughput().kpiUpdatesPerEvent(), 2));
        throughput.put("job_cpu_us_per_event", round(r.throughput().jobCpuMicrosPerEvent(), 1));
        ObjectNode cores = throughput.putObject("cores_used");
        r.throughput().cores().forEach((process, used) -> cores.put(process, round(used, 2)));
        ObjectNode freshness =
                latency(root.putObject("freshness"), r.freshness().latency());
        freshness.put("rate_events_per_second", r.freshnessRate());
        freshness.put("sent_events_per_second", round(r.freshness().sentPerSecond(), 0));
        freshness.put("events", r.freshness().events());
        freshness.put("unseen", r.freshness().unseen());
        ObjectNode queries = root.putObject("query_latency");
        queries.put("raw_events_stored", r.rawEventsStored());
        queries.put("kpi_values_rows", r.kpiRows());
        queries.put("worst_panel_p99_ms", r.worstPanelP99());
        ObjectNode panels = queries.putObject("panels");
        r.panels().forEach((id, latency) -> latency(panels.putObject(id), latency));
        ObjectNode memory = root.putObject("memory");
        memory.put("max_heap_mb", TARGET_HEAP_MB);
        memory.put("live_heap_mb_at_start", r.heap().baselineLiveMb());
        memory.put("live_heap_mb", r.heap().liveMb());
        memory.put("kpi_keys_in_state", r.throughput().kpiKeysInState());
        memory.put("kpi_keys_written", r.throughput().kpiKeys());
        memory.put("live_heap_mb_projected_at_1m_keys", Math.round(projectedHeapMb(r)));
        memory.put("heap_peak_used_mb", r.heap().peakUsedMb());
        memory.put("heap_peak_after_gc_mb", r.heap().peakAfterGcMb());
        memory.put("gc_collections", r.heap().collections());
        memory.put("rss_peak_mb", r.peakRssBytes() >> 20);
        memory.put("distinct_kpi_keys_at_end", r.kpiKeys());
        storeLoad(root.putObject("store_load"), r.storeLoad());
        var micro = root.putArray("micro");
        for (MicroResult m : r.micro()) {
            ObjectNode result =
                    micro.addObject().put("benchmark", m.name()).put("ops_per_second", round(m.opsPerSecond(), 0));
            if (!Double.isNaN(m.error())) result.put("error", round(m.error(), 0));
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("results.json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    /**
     * The store load test run alone ({@link StoreLoadMain}): its figures as {@code store-load.json}, in the shape
     * results.json holds them.
     */
    public static Path writeStoreLoad(String runId, Machine machine, StoreLoad.Result load, Path dir)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", runId);
        root.putPOJO("machine", machine);
        storeLoad(root.putObject("store_load"), load);
        Files.createDirectories(dir);
        Path file = dir.resolve("store-load.json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    static ObjectNode storeLoad(ObjectNode node, StoreLoad.Result load) {
        node.put("clients", load.clients())
                .put("seconds", round(load.seconds(), 1))
                .put("rows_per_insert", LoadRows.BATCH_ROWS)
                .put("max_concurrent_queries", load.maxConcurrentQueries())
                .put("queue_max_wait_ms", load.queueMaxWaitMs())
                .put("requests", load.requests())
                .put("errors", load.errors())
                .put("wrong_answers", load.wrongAnswers())
                .put("server_rss_peak_mb", load.serverPeakRssBytes() >> 20)
                .put("active_parts_at_end", load.activeParts())
                .put("clean", load.clean());
        ObjectNode kinds = node.putObject("kinds");
        for (LoadStats.Figures kind : load.kinds()) {
            ObjectNode k = latency(kinds.putObject(kind.kind()), kind.latency());
            k.put("requests", kind.requests())
                    .put("requests_per_second", round(kind.perSecond(load.seconds()), 1))
                    .put("errors", kind.errors())
                    .put("wrong_answers", kind.wrongAnswers());
            k.putPOJO("first_errors", kind.firstErrors());
        }
        LoadVerification.Result v = load.verification();
        node.putObject("verification")
                .put("rows_acknowledged", v.rowsAcknowledged())
                .put("rows_stored", v.rowsStored())
                .put("distinct_ids", v.distinctIds())
                .put("missing_rows", v.missingRows())
                .put("duplicate_rows", v.duplicateRows())
                .put("rows_of_failed_inserts", v.rowsOfFailedInserts())
                .put("rows_never_sent", v.rowsNeverSent())
                .put("exact", v.exact())
                .putPOJO("first_problems", v.firstProblems());
        ObjectNode cores = node.putObject("cores_used");
        load.cores().forEach((process, used) -> cores.put(process, round(used, 2)));
        return node;
    }

    private static ObjectNode rate(ObjectNode node, Rate rate) {
        return node.put("events", rate.events())
                .put("seconds", round(rate.seconds(), 2))
                .put("events_per_second", round(rate.perSecond(), 0));
    }

    private static ObjectNode latency(ObjectNode node, Latency latency) {
        return node.put("samples", latency.samples())
                .put("p50_ms", latency.p50())
                .put("p95_ms", latency.p95())
                .put("p99_ms", latency.p99())
                .put("max_ms", latency.max());
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
