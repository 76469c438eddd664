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
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run's figures as {@code results.json} for tools (the same figures and targets {@link Report} prints as a
 * table), and the store load's as a file of its own.
 */
public final class ResultsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

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
        rate(root.putObject("rebuild"), r.rebuild())
                .put(
                        "ratio_to_throughput",
                        round(r.rebuild().perSecond() / r.throughput().rate().perSecond(), 3));
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
        memory.put("max_heap_mb", Report.TARGET_HEAP_MB);
        memory.put("live_heap_mb_at_start", r.heap().baselineLiveMb());
        memory.put("live_heap_mb", r.heap().liveMb());
        memory.put("kpi_keys_in_state", r.throughput().kpiKeysInState());
        memory.put("kpi_keys_written", r.throughput().kpiKeys());
        memory.put("live_heap_mb_projected_at_1m_keys", Math.round(Report.projectedHeapMb(r)));
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
