package cn.binjiang.union.seeds.command;

import cn.binjiang.union.operations.accounting.JobProgress;
import cn.binjiang.union.operations.accounting.JobProgressProbe;
import cn.binjiang.union.operations.accounting.PartitionOffsets;
import cn.binjiang.union.operations.progress.Progress;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.seeds.generator.BadRecords;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import cn.binjiang.union.seeds.scenario.BinjiangScenario;
import cn.binjiang.union.seeds.truth.GroundTruth;
import cn.binjiang.union.settings.ConfigurationException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./platform generate}: a live load of valid events happening now, with the requested
 * shares of bad, late (1–72 h old) and re-sent records, or the replay of a scenario
 * ({@link BinjiangScenario}) at a speed, written to Kafka as producers do
 * (Avro single-object encoding, keyed by event id). Prints what it sent per stream and kind, can
 * write the expected KPI cells (the ground truth), and with {@code --wait} returns once the
 * running KPI job has caught up with what it sent: its offsets committed past every record of the run,
 * and every record it consumed in ClickHouse as an event, a duplicate or a rejection
 * ({@link JobProgress#caughtUpWith}).
 */
public final class GenerateCommand {
    private static final int RECENT = 1_000;

    private final GeneratorOptions options;
    private final Random random;
    private final RandomEvents events;
    private final BadRecords bad;
    private final EventCodec codec = EventCodec.fromClasspath();
    private final GroundTruth truth = new GroundTruth();
    private final Map<String, Long> sent = new TreeMap<>();
    private final List<SpecificRecordBase> recent = new ArrayList<>();

    GenerateCommand(GeneratorOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.events = new RandomEvents(options.seed(), LoadReferenceData.roster());
        this.bad = new BadRecords(options.seed(), events, codec);
    }

    public static void main(String[] args) throws Exception {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args);
        } catch (ConfigurationException e) {
            System.err.println("generate: " + e.getMessage());
            System.exit(2);
            return;
        }
        new GenerateCommand(options).run();
    }

    void run() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = SourceProducer.open(options.bootstrap())) {
            if (options.scenario().isPresent()) {
                replay(producer, BinjiangScenario.events(options.seed(), LoadReferenceData.roster()));
            } else {
                live(producer);
            }
            producer.flush();
        }
        printSummary();
        if (options.expectedJson().isPresent()) writeExpected();
        if (options.waitForJob()) awaitJob();
    }

    private void live(KafkaProducer<byte[], byte[]> producer) throws InterruptedException {
        boolean endless = Double.isInfinite(options.durationSeconds());
        long planned = options.rate() > 0 && !endless ? Math.round(options.rate() * options.durationSeconds()) : 0;
        long deadline = endless ? Long.MAX_VALUE : System.nanoTime() + (long) (options.durationSeconds() * 1e9);
        Progress progress = new Progress("sent", planned, System.err);
        long started = System.nanoTime();
        long n = 0;
        while (planned > 0 ? n < planned : System.nanoTime() < deadline) {
            if (options.rate() > 0) sleepUntil(started + (long) (n * 1e9 / options.rate()));
            Instant now = Instant.now();
            if (!injectedBadOrDuplicate(producer, now)) {
                boolean late =
                        random.nextDouble() < options.lateRatio() / (1 - options.badRatio() - options.duplicateRatio());
                sendValid(
                        producer,
                        events.any(late ? now.minus(Duration.ofMinutes(60 + random.nextInt(71 * 60))) : now),
                        late ? "late " : "valid ");
            }
            progress.update(++n);
        }
        progress.finish(n);
    }

    /**
     * The scenario's events in event-time order, each sent when its time comes at the requested speed, bad records and
     * re-sent copies between them.
     */
    private void replay(KafkaProducer<byte[], byte[]> producer, List<SpecificRecordBase> scenario)
            throws InterruptedException {
        Progress progress = new Progress("sent", scenario.size(), System.err);
        long started = System.nanoTime();
        Instant first =
                EventStream.of(scenario.get(0)).envelopeOf(scenario.get(0)).getOccurredAt();
        long n = 0;
        for (SpecificRecordBase event : scenario) {
            Instant at = EventStream.of(event).envelopeOf(event).getOccurredAt();
            if (Double.isFinite(options.speed()))
                sleepUntil(started + (long) (Duration.between(first, at).toNanos() / options.speed()));
            injectedBadOrDuplicate(producer, at);
            sendValid(producer, event, "valid ");
            progress.update(++n);
        }
        progress.finish(n);
    }

    /** With the requested probabilities, sends a bad record or a re-sent copy; says whether it did. */
    private boolean injectedBadOrDuplicate(KafkaProducer<byte[], byte[]> producer, Instant at) {
        double dice = random.nextDouble();
        if (dice < options.badRatio()) {
            BadRecords.BadRecord record =
                    bad.next(BadRecords.Kind.values()[random.nextInt(BadRecords.Kind.values().length)], at);
            producer.send(new ProducerRecord<>(record.stream(), null, record.value()));
            sent.merge("bad " + record.kind().reason, 1L, Long::sum);
            return true;
        }
        if (dice < options.badRatio() + options.duplicateRatio() && !recent.isEmpty()) {
            SpecificRecordBase again = recent.get(random.nextInt(recent.size()));
            producer.send(SourceProducer.record(codec, again));
            sent.merge("duplicate " + EventStream.of(again).name(), 1L, Long::sum);
            return true;
        }
        return false;
    }

    private void sendValid(KafkaProducer<byte[], byte[]> producer, SpecificRecordBase event, String kind) {
        producer.send(SourceProducer.record(codec, event));
        truth.add(event);
        remember(event);
        sent.merge(kind + EventStream.of(event).name(), 1L, Long::sum);
    }

    /** Re-sent copies come from the last events sent: a producer retrying, not one replaying last year. */
    private void remember(SpecificRecordBase event) {
        if (recent.size() < RECENT) {
            recent.add(event);
        } else {
            recent.set(random.nextInt(RECENT), event);
        }
    }

    private static void sleepUntil(long dueNanos) throws InterruptedException {
        long ahead = dueNanos - System.nanoTime();
        if (ahead > 1_000_000) Thread.sleep(ahead / 1_000_000);
    }

    private void printSummary() {
        System.out.println("sent per stream and kind:");
        sent.forEach((k, v) -> System.out.printf("  %-48s %,d%n", k, v));
    }

    private void writeExpected() throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        Map<String, Long> cells = new TreeMap<>(truth.cells());
        int i = 0;
        for (Map.Entry<String, Long> cell : cells.entrySet()) {
            json.append("  \"")
                    .append(cell.getKey())
                    .append("\": ")
                    .append(BigDecimal.valueOf(cell.getValue(), 2).toPlainString())
                    .append(++i < cells.size() ? ",\n" : "\n");
        }
        json.append("}\n");
        Files.writeString(options.expectedJson().get(), json);
        System.out.println("expected KPI cells (kpi|grain|bucket|street|industry|employment_form|category): "
                + cells.size() + " written to " + options.expectedJson().get());
    }

    /**
     * Waits until the KPI job has caught up with what this run sent ({@link JobProgress#caughtUpWith}: with nothing
     * sent since, the test {@code ./platform job status} shows; the demo's live trickle may run meanwhile). Kafka or
     * ClickHouse not answering for a while (a restart) is waited out like the job is.
     */
    private void awaitJob() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        try (JobProgressProbe probe = new JobProgressProbe(
                options.bootstrap(),
                options.jobGroup(),
                "",
                JobProgressProbe.clickhouseFromEnvironment(options.clickhouse()))) {
            List<PartitionOffsets> sent = null;
            while (true) {
                String state;
                try {
                    // the end offsets once every record of this run is acknowledged: what the job must get past
                    if (sent == null) sent = probe.offsets();
                    JobProgress progress = probe.read();
                    if (progress.caughtUpWith(sent)) {
                        System.err.println();
                        System.out.printf(
                                "the KPI job has caught up: every one of the %,d records it consumed is in ClickHouse%n",
                                progress.consumed());
                        return;
                    }
                    state = progress.shortfall();
                    System.err.printf(
                            "\rwaiting for the KPI job: lag %,d, %,d records in ClickHouse of %,d consumed, %d s   ",
                            progress.lag(),
                            progress.accounted(),
                            progress.consumed(),
                            (System.nanoTime() - started) / 1_000_000_000L);
                } catch (ExecutionException | SQLException e) {
                    state = "Kafka or ClickHouse does not answer: " + e.getMessage();
                    System.err.printf(
                            "\rwaiting for Kafka and ClickHouse to answer, %d s   ",
                            (System.nanoTime() - started) / 1_000_000_000L);
                }
                if (System.nanoTime() > deadline) {
                    System.err.println();
                    System.err.println("generate: the KPI job (group " + options.jobGroup()
                            + ") did not catch up within 10 minutes (" + state
                            + "): is it running? ./platform job status shows where it stands");
                    System.exit(1);
                }
                Thread.sleep(1_000);
            }
        }
    }
}
