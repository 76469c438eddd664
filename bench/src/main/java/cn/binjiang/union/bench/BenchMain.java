package cn.binjiang.union.bench;

import cn.binjiang.union.bench.baseline.Ceiling;
import cn.binjiang.union.bench.baseline.Landing;
import cn.binjiang.union.bench.baseline.Peer;
import cn.binjiang.union.bench.baseline.StoreInsertPath;
import cn.binjiang.union.bench.load.StoreLoad;
import cn.binjiang.union.bench.metric.Freshness;
import cn.binjiang.union.bench.metric.GcLog;
import cn.binjiang.union.bench.metric.Latency;
import cn.binjiang.union.bench.metric.Machine;
import cn.binjiang.union.bench.metric.PanelLatency;
import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.bench.metric.RebuildRate;
import cn.binjiang.union.bench.metric.Throughput;
import cn.binjiang.union.bench.micro.MicroBenchmarks;
import cn.binjiang.union.bench.micro.MicroResult;
import cn.binjiang.union.bench.service.KpiJobUnderTest;
import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.bench.workload.BenchTopics;
import cn.binjiang.union.bench.workload.Preload;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./platform bench [--quick]}: on the running local stack, in the run's own topics and
 * database, measures in order
 * <ol>
 *   <li>the preload: N generated events written to Kafka;
 *   <li>the decode ceiling: plain consumers decoding them;
 *   <li>throughput: the KPI job over the same backlog until ClickHouse holds it all;
 *   <li>the landing ceiling: the raw rows the job landed, inserted again in RowBinary batches, no Kafka, no Flink;
 *   <li>the peer: plain consumers inserting raw rows, materialized views computing the same KPI cells;
 *   <li>the store's insert path: chDB's insert rate in-process against the same batches over HTTP;
 *   <li>freshness: events sent at a fixed rate to the caught-up job, until their KPIs show through JDBC;
 *   <li>query latency: every dashboard panel, with the run's events stored;
 *   <li>memory: the job's heap (from its GC log) and RSS peaks;
 * <li>the store under load: a ClickHouse server of its own, many clients mixing inserts, point queries and
 * aggregations;
 *   <li>JMH micro-benchmarks of decode, validation and fan-out;
 * </ol>
 * then prints a table and writes {@code results.json}. The run's topics and database are dropped
 * afterwards unless {@code --keep}.
 */
public final class BenchMain {
    /** Batches of the store insert path, each way: a million rows at the sink's batch size. */
    private static final int STORE_BATCHES = 100;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (ConfigurationException e) {
            System.err.println("bench: " + e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Results results = run(options);
        Report.print(results, System.out);
        Path file = ResultsJson.write(results, options.outDir());
        System.out.println("\nresults written to " + file);
    }

    static Results run(BenchOptions options) throws Exception {
        BenchRun run = BenchRun.startingNow();
        Machine machine = Machine.current();
        int parallelism = machine.cores();
        System.err.printf(
                "bench %s: %,d events, job parallelism %d, topics %s*, database %s%n",
                run.id(), options.events(), parallelism, run.topicPrefix(), run.database());
        try (BenchTopics topics = new BenchTopics(run, options.bootstrap());
                BenchDatabase db = BenchDatabase.create(options, run)) {
            topics.create();
            try {
                Preload.Loaded preload = Preload.run(topics, options.bootstrap(), options.events());
                Rate ceiling = Ceiling.measure(run, options.bootstrap(), options.events(), parallelism);
                long jobStarted = System.nanoTime();
                try (KpiJobUnderTest job = KpiJobUnderTest.start(options, run, db.jdbcUrl(), parallelism)) {
                    Throughput.Result throughput = Throughput.measure(
                            job,
                            db,
                            topics,
                            options.events(),
                            jobStarted,
                            preload.lastEventTimeMs(),
                            options.stackPids());
                    Rate landing = Landing.measure(run, db, options, parallelism);
                    Rate rebuild = RebuildRate.measure(db);
                    Peer.Result peer = Peer.measure(run, options, db, options.events(), parallelism);
                    StoreInsertPath.Result store = StoreInsertPath.measure(run, options, db, STORE_BATCHES);
                    Freshness.Result freshness = Freshness.measure(topics, options, db);
                    Map<String, Latency> panels = PanelLatency.measure(options, run, db.jdbcUrl());
                    long rss = job.peakRssBytes();
                    GcLog heap = job.stopAndReadGcLog();
                    // after the job has stopped: the load test's server and clients take the machine to themselves
                    StoreLoad.Result load = StoreLoad.measure(
                            options.workDir().resolve(run.id()).resolve("store-load"),
                            new StoreLoad.Setup(options.loadClients(), options.loadSeconds()),
                            options.clickhouseClasspath(),
                            options.keep());
                    List<MicroResult> micro = MicroBenchmarks.run(options.quick());
                    return new Results(
                            run.id(),
                            options.quick(),
                            options.jobSettings(),
                            machine,
                            parallelism,
                            preload.rate(),
                            ceiling,
                            landing,
                            peer,
                            store,
                            throughput,
                            rebuild,
                            freshness,
                            options.freshnessRate(),
                            db.rawRows(),
                            db.kpiRows(),
                            db.kpiKeys(),
                            panels,
                            heap,
                            rss,
                            load,
                            micro);
                }
            } finally {
                if (options.keep()) {
                    System.err.printf("kept: topics %s*, database %s%n", run.topicPrefix(), run.database());
                } else {
                    topics.delete();
                    db.drop();
                }
            }
        }
    }
}
