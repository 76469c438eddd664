package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.schema.EventStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

    private static LocalStack stack;
    private static KpiStore store;
    private static SentEvents backlog;

    @BeforeAll
    static void theStackWithABacklogTheJobHasNotSeen() throws Exception {
        stack = new LocalStack();
        stack.ok("up");
        store = new KpiStore(stack.clickhouseJdbcUrl());
        long started = System.nanoTime();
        backlog = new SentEvents(BACKLOG_SEED);
        backlog.send(stack.kafkaBootstrap(), YearMonth.of(2022, 1), YearMonth.of(2022, 12), EVENTS / 12);
        System.out.printf(
                "backlog: %,d events, %,d re-sent copies and %,d bad records sent in %d s; %,d live cells expected%n",
                backlog.accepted(),
                backlog.copies(),
                backlog.bad(),
                (System.nanoTime() - started) / 1_000_000_000L,
                backlog.cells().size());
    }

    @AfterAll
    static void down() throws Exception {
        if (stack == null) return;
        stack.platform("job", "stop");
        stack.platform("down");
    }

    @Test
    void afterThreeSigkillsAndRestartsEveryCellEqualsTheGroundTruthAndEveryRawTableHoldsEachAcceptedEventOnce()
            throws Exception {
        long seed = Long.getLong("jobkill.seed", System.nanoTime());
        System.out.println("JobKillIT kill points from seed " + seed + " (repeat with -Djobkill.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 1; round <= KILLS; round++) runAndKill(round, random);
        assertThat(newestCheckpoint())
                .as("a checkpoint completed before a kill")
                .isPresent();
        runToTheEnd();
        store.assertExactlyWhatWasSent(backlog);
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
        await("the job writing in run " + round)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rawRows() > rowsAtStart);
        long writing = secondsSince(started);
        Optional<Path> before = newestCheckpoint();
        if (round == CHECKPOINT_ROUND) {
            await("a checkpoint completed in run " + round)
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !newestCheckpoint().equals(before));
        }
        long due = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(16));
        long stored;
        while ((stored = distinctRawEvents()) < NEARLY_THROUGH * backlog.accepted() && System.nanoTime() < due) {
            Thread.sleep(Math.max(1, Math.min(1_000, (due - System.nanoTime()) / 1_000_000)));
        }
        long rows = rawRows();
        stack.sigkill("kpi-job", "KpiJobMain");
        Optional<Path> after = newestCheckpoint();
        System.out.printf(
                "kill %d: %d s into run %d (writing after %d s), %,d of the %,d accepted events stored (%,d raw rows), "
                        + "newest checkpoint %s%s%n",
                round,
                secondsSince(started),
                round,
                writing,
                stored,
                backlog.accepted(),
                rows,
                after.map(p -> p.getFileName().toString()).orElse("none"),
                after.equals(before) ? "" : " (completed in this run)");
        assertThat(stored)
                .as("kill %d landed before the job was through the backlog", round)
                .isLessThan(backlog.accepted());
    }

    /** Starts the job once more and waits until it is through the backlog and its KPI cells have settled. */
    private static void runToTheEnd() throws Exception {
        startJobResumingFromTheNewestCheckpoint();
        long started = System.nanoTime();
        store.awaitRead(stack.kafkaBootstrap(), backlog, Duration.ofMinutes(4));
        long read = secondsSince(started);
        store.awaitSettled();
        System.out.printf(
                "last run: the whole backlog read %d s after its start, KPI cells settled after %d s%n",
                read, secondsSince(started));
    }

    private static long secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000_000L;
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

    /**
     * The newest checkpoint whose metadata is written, the one ./platform job start resumes from, if any:
     * the highest numbered, as a restored job numbers its checkpoints on from the one it restored.
     */
    private static Optional<Path> newestCheckpoint() throws IOException {
        Path checkpoints = stack.home.resolve("checkpoints/kpi");
        if (!Files.isDirectory(checkpoints)) return Optional.empty();
        while (true) {
            try (Stream<Path> files = Files.walk(checkpoints, 3)) {
                return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                        .map(Path::getParent)
                        .max(Comparator.comparingLong(
                                p -> Long.parseLong(p.getFileName().toString().substring("chk-".length()))));
            } catch (UncheckedIOException e) {
                // the running job deleted a subsumed checkpoint while it was listed: list again
            }
        }
    }

    // ---- ClickHouse --------------------------------------------------------------------------------------

    /** Raw rows over the five streams, replays' unmerged twins included: grows while the job writes. */
    private static long rawRows() throws SQLException {
        return store.count(sumOverStreams("(SELECT count() FROM %s_events)"));
    }

    /** Distinct events over the five raw tables: how far through the backlog the job has been. */
    private static long distinctRawEvents() throws SQLException {
        return store.count(sumOverStreams("(SELECT count(DISTINCT event_id) FROM %s_events)"));
    }

    private static String sumOverStreams(String perTable) {
        return "SELECT "
                + EventStream.all().stream()
                        .map(s -> String.format(perTable, s.name()))
                        .collect(Collectors.joining(" + "));
    }
}
