package cn.binjiang.union.bench.micro;

import cn.binjiang.union.jobs.kpi.intake.ResidentIdPseudonymiser;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The intake's step after validation: the worker's resident ID replaced by its HMAC pseudonym.
 * Over the whole mix, so that events without a worker ID (aid, union foundings, most legal events:
 * about a third) count at their real, near-zero cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PseudonymisationBenchmark {
    private static final String KEY = "micro-benchmark key: 32 bytes or more, and no secret";

    private ResidentIdPseudonymiser pseudonymiser;
    private Rotation<IdentifiedEvent> events;

    /**
     * An event with its worker's resident ID. Pseudonymisation works in place, so the ID is put
     * back before every call: otherwise from the second round on the benchmark would hash
     * 43-character pseudonyms instead of 18-character IDs.
     */
    private record IdentifiedEvent(SpecificRecordBase event, Envelope envelope, String residentId) {
        static IdentifiedEvent of(DecodedEvent decoded) {
            SpecificRecordBase event = decoded.event();
            Envelope envelope = EventStream.of(event).envelopeOf(event);
            return new IdentifiedEvent(event, envelope, envelope.getWorkerId());
        }

        SpecificRecordBase withResidentId() {
            envelope.setWorkerId(residentId);
            return event;
        }
    }

    @Setup
    public void setUp() {
        pseudonymiser = ResidentIdPseudonymiser.withKey(KEY);
        events = new Rotation<>(SampleEvents.decoded(EventCodec.fromClasspath()).stream()
                .map(IdentifiedEvent::of)
                .toList());
    }

    @Benchmark
    public SpecificRecordBase pseudonymise() {
        return pseudonymiser.pseudonymise(events.next().withResidentId());
    }
}
