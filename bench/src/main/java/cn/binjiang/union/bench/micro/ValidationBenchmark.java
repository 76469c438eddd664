package cn.binjiang.union.bench.micro;

import cn.binjiang.union.jobs.kpi.intake.Enterprise;
import cn.binjiang.union.jobs.kpi.intake.EventValidator;
import cn.binjiang.union.jobs.kpi.intake.InMemoryReferenceData;
import cn.binjiang.union.jobs.kpi.intake.Rejection;
import cn.binjiang.union.schema.avro.Street;
import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.ids.PersonalDataMasker;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import cn.binjiang.union.seeds.reference.ReferenceCsv;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Validation of decoded events against the reference data the job loads from the seeded tables.
 * Only the accept path: every field is checked and both reference lookups are made, which is the
 * cost of nearly all of a live feed; a rejected event stops at its first problem.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidationBenchmark {
    private EventValidator validator;
    private Rotation<DecodedEvent> events;

    /** @throws IllegalStateException if a sample event is rejected: the figure would not be the accept path's */
    @Setup
    public void setUp() {
        validator = new EventValidator(seededReferenceData(), Duration.ofMinutes(5), Clock.systemUTC());
        List<DecodedEvent> pool = SampleEvents.decoded(EventCodec.fromClasspath());
        for (DecodedEvent decoded : pool) {
            Optional<Rejection> problem = validator.firstProblem(decoded.stream(), decoded.event());
            if (problem.isPresent()) {
                // the detail, masked, and not the event: its worker_id is a resident ID
                throw new IllegalStateException("sample event rejected: "
                        + PersonalDataMasker.mask(problem.get().detail()));
            }
        }
        events = new Rotation<>(pool);
    }

    @Benchmark
    public Optional<Rejection> firstProblem() {
        DecodedEvent next = events.next();
        return validator.firstProblem(next.stream(), next.event());
    }

    /** What ClickHouseReferenceData would read after the seeds loaded the streets file and the roster. */
    private static InMemoryReferenceData seededReferenceData() {
        List<Street> streets = ReferenceCsv.read("streets").column("code").stream()
                .map(code -> Street.valueOf(code.toUpperCase(Locale.ROOT)))
                .toList();
        List<Enterprise> enterprises = LoadReferenceData.roster().stream()
                .map(e -> new Enterprise(e.creditCode(), e.street(), e.industry(), e.employeeCount()))
                .toList();
        return InMemoryReferenceData.of(streets, enterprises);
    }
}
