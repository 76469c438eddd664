package cn.binjiang.union.bench.service;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.metric.GcLog;
import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The KPI job as {@code ./platform job start} runs it (its jar, its config file, a local
 * MiniCluster, a 1 GB heap sized up front), pointed at the run's topics and database, with its GC logged.
 */
public final class KpiJobUnderTest implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final ChildJvm jvm;
    private final int restPort;
    private final Path gcLog;
    private final Configuration config;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private KpiJobUnderTest(ChildJvm jvm, int restPort, Path gcLog, Configuration config) {
        this.jvm = jvm;
        this.restPort = restPort;
        this.gcLog = gcLog;
        this.config = config;
    }

    public static KpiJobUnderTest start(BenchOptions options, BenchRun run, String jdbcUrl, int parallelism)
            throws IOException {
        Path dir = options.workDir().resolve(run.id());
        Path gcLog = dir.resolve("kpi-job-gc.log");
        int restPort = ChildJvm.freePort();
        List<String> jvmOptions = List.of(
                "-Xms1g",
                "-Xmx1g",
                "-Xlog:gc:file=" + gcLog,
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-Dlog4j2.configurationFile=" + options.jobLog4j(),
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED");
        List<String> args = new ArrayList<>(List.of(
                "--config",
                options.jobConfig().toString(),
                "--kafka.bootstrap-servers",
                options.bootstrap(),
                "--kafka.topic-prefix",
                run.topicPrefix(),
                "--kafka.group-id",
                run.groupId(),
                "--clickhouse.url",
                jdbcUrl,
                "--execution.checkpointing.storage",
                "filesystem",
                "--execution.checkpointing.dir",
                dir.resolve("checkpoints").toUri().toString(),
                "--parallelism.default",
                Integer.toString(parallelism),
                "--rest.port",
                Integer.toString(restPort)));
        options.jobSettings().forEach((key, value) -> args.addAll(List.of("--" + key, value)));
        // Read as the job reads it (its config file and the bench's overrides), so a wrong --job key fails here.
        Configuration config = KpiJobConfig.load(args.toArray(String[]::new), System.getenv());
        Files.createDirectories(dir.resolve("tmp"));
        ChildJvm jvm = ChildJvm.start(
                "the KPI job",
                options.jobClasspath(),
                jvmOptions,
                "cn.binjiang.union.jobs.kpi.KpiJobMain",
                args,
                dir.resolve("kpi-job.log"));
        return new KpiJobUnderTest(jvm, restPort, gcLog, config);
    }

    /** Waits until Flink reports the job RUNNING; returns {@link System#nanoTime()} then. */
    public long awaitRunning() throws InterruptedException {
        return jvm.awaitAnswer(
                http,
                "http://127.0.0.1:" + restPort + "/jobs/overview",
                response -> response.body().contains("\"state\":\"RUNNING\""),
                START_TIMEOUT);
    }

    /** The job's {@code kpi.late-horizon}: how long past its period a cell stays in its state. */
    public long lateHorizonMs() {
        return config.get(KpiJobOptions.LATE_HORIZON).toMillis();
    }

    public void requireAlive() {
        jvm.requireAlive();
    }

    public double cpuSeconds() throws IOException {
        return jvm.cpuSeconds();
    }

    public long pid() {
        return jvm.pid();
    }

    /** See {@link ChildJvm#collectGarbage}. */
    public void collectGarbage() throws IOException, InterruptedException {
        jvm.collectGarbage();
    }

    public long peakRssBytes() throws IOException {
        return jvm.peakRssBytes();
    }

    /** Stops it, then reads its GC log (complete only once the JVM has exited). */
    public GcLog stopAndReadGcLog() throws InterruptedException, IOException {
        jvm.close();
        return GcLog.read(gcLog);
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
