package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.accounting.JobProgressProbe;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.seeds.BadRecords;
import cn.binjiang.union.seeds.GroundTruth;
import cn.binjiang.union.seeds.LoadReferenceData;
import cn.binjiang.union.seeds.RandomEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KPI job's whole process SIGKILLed at random points while it works through a backlog, and
 * started again with ./platform job start each time (it resumes from its last completed checkpoint,
 * or from the start when it has none): afterwards every live cell equals the ground truth, and every
 * raw table holds each accepted event once.
 *
 * <p>The kill points are drawn from a seed printed at the start ({@code -Djobkill.seed=N} repeats it);
 * the backlog is the same on every run.
 */
class JobKillIT {
    /**
     * A year of events, with re-sent copies and bad records between them: at the job's 8,000–12,000
     * events/s here about a minute's work, besides what each restart replays from its checkpoint.
     */
    private static final int EVENTS = 600_000;
    private static final long BACKLOG_SEED = 2022;
    /** Every 100th event, the one sent 1,000 before it is sent again (a producer retrying; well inside the late horizon). */
    private static final int COPY_EVERY = 100;
    private static final int COPY_DISTANCE = 1_000;
    private static final int BAD_EVERY = 500;
    private static final int KILLS = 3;
    /**
     * How far through the backlog a kill comes at the latest, cutting its random wait short: a run that
     * checkpoints late on an idle machine would otherwise get to the end first.
     */
    private static final double NEARLY_THROUGH = 0.9;
    /**
     * The round whose kill waits for a checkpoint the run completed, so that at least one restart resumes
     * from one. The first: a fresh job checkpoints within about 30 s (Flink triggers its first checkpoint at
     * a random point of the first interval), while a restored one may still be restoring its state then,
     * and wait for the next.
     */
    private static final int CHECKPOINT_ROUND = 1;
    private static final String JOB_GROUP = "union-kpi-job";

    private static LocalStack stack;
    private static Backlog backlog;

    /** What was sent, and what of it the job must keep: each distinct valid event once. */
    private record Backlog(Map<String, Long> cells, Map<String, Long> acceptedPerStream, long copies, long bad) {
        long accepted() {
            return acceptedPerStream.values().stream().mapToLong(Long::longValue).sum();
        }

        long records() {
            return accepted() + copies + bad;
        }
    }

    @BeforeAll
    static void theStackWithABacklogTheJobHasNotSeen() throws Exception {
        stack = new LocalStack();
        stack.ok("up");
        long started = System.nanoTime();
        backlog = produce();
        System.out.printf("backlog: %,d events, %,d re-sent copies and %,d bad records sent in %d s; %,d live cells expected%n",
                backlog.accepted(), backlog.copies(), backlog.bad(),
                (System.nanoTime() - started) / 1_000_000_000L, backlog.cells().size());
    }

    @AfterAll
    static void down() throws Exception {
        if (stack == null) return;
        stack.platform("job", "stop");
        stack.platform("down");
    }

    @Test
    void afterThreeSigkillsAndRestartsEveryCellEqualsTheGroundTruthAndEveryRawTableHoldsEachAcceptedEventOnce() throws Exception {
        long seed = Long.getLong("jobkill.seed", System.nanoTime());
        System.out.println("JobKillIT kill points from seed " + seed + " (repeat with -Djobkill.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 1; round <= KILLS; round++) runAndKill(round, random);
        assertThat(newestCheckpoint()).as("a checkpoint completed before a kill").isPresent();
        runToTheEnd();

        Map<String, Long> cells = kpiLatest();
        List<String> differing = differences(backlog.cells(), cells);
        assertThat(differing.subList(0, Math.min(20, differing.size())))
                .as("%,d of the %,d expected cells differ, are missing or are not expected; the first", differing.size(), backlog.cells().size())
                .isEmpty();
        for (EventStream<?> s : EventStream.all()) {
            String table = s.name() + "_events";
            long accepted = backlog.acceptedPerStream().getOrDefault(s.name(), 0L);
            long underFinal = count("SELECT count() FROM " + table + " FINAL");
            System.out.printf("%s: %,d rows (replays' twins not merged yet included), %,d under FINAL, %,d accepted events%n", table,
                    count("SELECT count() FROM " + table), underFinal, accepted);
            assertThat(underFinal).as(table + " FINAL").isEqualTo(accepted);
            assertThat(count("SELECT count(DISTINCT event_id) FROM " + table)).as(table + " event ids").isEqualTo(accepted);
        }
        assertThat(count("SELECT count() FROM duplicate_events FINAL")).as("copies set aside").isEqualTo(backlog.copies());
        assertThat(count("SELECT count() FROM rejected_events FINAL")).as("bad records rejected").isEqualTo(backlog.bad());
    }

    /**
     * Starts the job, lets it write for a random 5–20 s (in {@link #CHECKPOINT_ROUND}, counted from a
     * checkpoint it completed) or until it has nearly been through the backlog, SIGKILLs it and says
     * where the kill landed.
     */
    private static void runAndKill(int round, Random random) throws Exception {
        startJobResumingFromTheNewestCheckpoint();
        long started = System.nanoTime();
        long rowsAtStart = rawRows();
        await("the job writing in run " + round).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> rawRows() > rowsAtStart);
        long writing = secondsSince(started);
        Optional<Path> before = newestCheckpoint();
        if (round == CHECKPOINT_ROUND) {
            await("a checkpoint completed in run " + round).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !newestCheckpoint().equals(before));
        }
        long due = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(16));
        long stored;
        while ((stored = distinctRawEvents()) < NEARLY_THROUGH * backlog.accepted() && System.nanoTime() < due) {
            Thread.sleep(Math.max(1, Math.min(1_000, (due - System.nanoTime()) / 1_000_000)));
        }
        long rows = rawRows();
        sigkillJob();
        Optional<Path> after = newestCheckpoint();
        System.out.printf("kill %d: %d s into run %d (writing after %d s), %,d of the %,d accepted events stored (%,d raw rows), "
                        + "newest checkpoint %s%s%n", round, secondsSince(started), round, writing, stored, backlog.accepted(), rows,
                after.map(p -> p.getFileName().toString()).orElse("none"), after.equals(before) ? "" : " (completed in this run)");
        assertThat(stored).as("kill %d landed before the job was through the backlog", round).isLessThan(backlog.accepted());
    }

    /** Starts the job once more and waits until it is through the backlog and its KPI cells have settled. */
    private static void runToTheEnd() throws Exception {
        startJobResumingFromTheNewestCheckpoint();
        long started = System.nanoTime();
        awaitWholeBacklogRead();
        long read = secondsSince(started);
        awaitKpisSettled();
        System.out.printf("last run: the whole backlog read %d s after its start, KPI cells settled after %d s%n", read, secondsSince(started));
    }

    private static long secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000_000L;
    }

    // ---- the backlog ------------------------------------------------------------------------------------

    /** Sends the backlog in event-time order, month by month (a year at once would not fit the heap), counting what it must yield. */
    private static Backlog produce() {
        EventCodec codec = EventCodec.fromClasspath();
        RandomEvents generator = new RandomEvents(BACKLOG_SEED, LoadReferenceData.roster());
        BadRecords badRecords = new BadRecords(BACKLOG_SEED, generator, codec);
        GroundTruth truth = new GroundTruth();
        Map<String, Long> accepted = new HashMap<>();
        long copies = 0;
        long bad = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "10"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int month = 1; month <= 12; month++) {
                YearMonth ym = YearMonth.of(2022, month);
                List<SpecificRecordBase> events = generator.between(ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), EVENTS / 12);
                for (int i = 0; i < events.size(); i++) {
                    SpecificRecordBase event = events.get(i);
                    producer.send(record(codec, event));
                    truth.add(event);
                    accepted.merge(EventStream.of(event).name(), 1L, Long::sum);
                    if (i % COPY_EVERY == 0 && i >= COPY_DISTANCE) {
                        producer.send(record(codec, events.get(i - COPY_DISTANCE)));
                        copies++;
                    }
                    if (i % BAD_EVERY == BAD_EVERY / 2) {
                        Instant at = EventStream.of(event).envelopeOf(event).getOccurredAt();
                        BadRecords.BadRecord r = badRecords.next(BadRecords.Kind.values()[(int) (bad % BadRecords.Kind.values().length)], at);
                        producer.send(new ProducerRecord<>(r.stream(), null, r.value()));
                        bad++;
                    }
                }
            }
            producer.flush();
        }
        return new Backlog(truth.cells(), Map.copyOf(accepted), copies, bad);
    }

    /** As producers write them: the stream's topic, keyed by event id, Avro single-object encoded. */
    private static ProducerRecord<byte[], byte[]> record(EventCodec codec, SpecificRecordBase event) {
        EventStream<SpecificRecordBase> stream = EventStream.of(event);
        return new ProducerRecord<>(stream.name(), stream.envelopeOf(event).getEventId().toString().getBytes(StandardCharsets.UTF_8),
                codec.encode(event));
    }

    // ---- the job's process -------------------------------------------------------------------------------

    /** ./platform job start, which must say it resumes from the newest completed checkpoint when there is one. */
    private static void startJobResumingFromTheNewestCheckpoint() throws Exception {
        Optional<Path> checkpoint = newestCheckpoint();
        String out = stack.ok("job", "start");
        if (checkpoint.isPresent()) {
            assertThat(out).contains("kpi-job: resuming from " + checkpoint.get());
        } else {
            assertThat(out).doesNotContain("resuming");
        }
    }

    /** SIGKILL to the job's JVM (the pid ./platform recorded), and waits until it is gone: no shutdown hook, no last flush. */
    private static void sigkillJob() throws Exception {
        long pid = Long.parseLong(Files.readString(stack.home.resolve("run/kpi-job.pid")).trim());
        ProcessHandle job = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the KPI job (pid " + pid + ") is not running"));
        // the whole command line (ProcessHandle.Info cuts it short of the main class, after the long classpath)
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).as("pid %d is the KPI job", pid).contains("KpiJobMain");
        assertThat(job.destroyForcibly()).isTrue();
        job.onExit().get(30, TimeUnit.SECONDS);
    }

    /**
     * The newest checkpoint whose metadata is written, the one ./platform job start resumes from, if any:
     * the highest numbered, as a restored job numbers its checkpoints on from the one it restored.
     */
    private static Optional<Path> newestCheckpoint() throws IOException {
        Path checkpoints = stack.home.resolve("checkpoints/kpi");
        if (!Files.isDirectory(checkpoints)) return Optional.empty();
        while (true) {
            try (Stream<Path> files = Files.walk(checkpoints, 3)) {
                return files.filter(p -> p.getFileName().toString().equals("_metadata")).map(Path::getParent)
                        .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring("chk-".length()))));
            } catch (UncheckedIOException e) {
                // the running job deleted a subsumed checkpoint while it was listed: list again
            }
        }
    }

    /**
     * Waits until every record sent is in ClickHouse as an event, a copy set aside or a rejection (as
     * ./platform job status accounts them), or else until the job has read the end of every partition
     * (lag 0, once a checkpoint commits it): a job that lost or double-counted records gets there too,
     * and the assertions say what differs.
     */
    private static void awaitWholeBacklogRead() throws Exception {
        try (JobProgressProbe probe = new JobProgressProbe(stack.kafkaBootstrap(), JOB_GROUP, "", JobKillIT::clickhouse)) {
            await("the whole backlog read").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(probe::read, progress -> progress.accounted() == backlog.records() || progress.lag() == 0);
        }
    }

    /** Waits until no KPI cell has been written for ten seconds: the job folds a backlog's contributions for up to 5 s. */
    private static void awaitKpisSettled() {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        await("KPI cells settled").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long rows = count("SELECT count() FROM kpi_values");
            if (rows != last[0]) {
                last[0] = rows;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(10).toNanos();
        });
    }

    // ---- ClickHouse --------------------------------------------------------------------------------------

    /** Raw rows over the five streams, replays' unmerged twins included: grows while the job writes. */
    private static long rawRows() throws SQLException {
        return count(sumOverStreams("(SELECT count() FROM %s_events)"));
    }

    /** Distinct events over the five raw tables: how far through the backlog the job has been. */
    private static long distinctRawEvents() throws SQLException {
        return count(sumOverStreams("(SELECT count(DISTINCT event_id) FROM %s_events)"));
    }

    private static String sumOverStreams(String perTable) {
        return "SELECT " + EventStream.all().stream().map(s -> String.format(perTable, s.name())).collect(Collectors.joining(" + "));
    }

    /** Every cell of kpi_latest, keyed as the ground truth keys them, values in hundredths. */
    private static Map<String, Long> kpiLatest() throws SQLException {
        Map<String, Long> cells = new HashMap<>();
        try (Connection c = clickhouse();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kpi_id, grain, toString(bucket), street, industry, employment_form, category, value FROM kpi_latest")) {
            while (rs.next()) {
                String key = String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7));
                cells.put(key, rs.getBigDecimal(8).movePointRight(2).longValueExact());
            }
        }
        return cells;
    }

    private static Connection clickhouse() throws SQLException {
        return DriverManager.getConnection(stack.clickhouseJdbcUrl(), "default", "");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = clickhouse();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each cell that differs, sorted: a readable failure instead of two maps of a few hundred thousand cells. */
    private static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
        List<String> diffs = new ArrayList<>();
        expected.forEach((cell, value) -> {
            if (!value.equals(actual.get(cell))) {
                diffs.add(cell + " expected " + BigDecimal.valueOf(value, 2) + " got "
                        + (actual.containsKey(cell) ? BigDecimal.valueOf(actual.get(cell), 2) : "no cell"));
            }
        });
        actual.forEach((cell, value) -> {
            if (!expected.containsKey(cell)) diffs.add(cell + " not expected, got " + BigDecimal.valueOf(value, 2));
        });
        diffs.sort(Comparator.naturalOrder());
        return diffs;
    }
}
