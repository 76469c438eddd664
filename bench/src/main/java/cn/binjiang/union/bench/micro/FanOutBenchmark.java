package cn.binjiang.union.bench.micro;

import cn.binjiang.union.jobs.kpi.fanout.KpiFanOut;
import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One accepted event to its contributions to every KPI cell it counts in: per event, every
 * matching KPI times every grain times every roll-up of the KPI's dimensions, so its cost grows
 * with the catalog, not with the event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutBenchmark {
    private KpiFanOut fanOut;
    private Rotation<DecodedEvent> events;

    @Setup
    public void setUp() {
        fanOut = new KpiFanOut(KpiCatalog.fromClasspath());
        events = new Rotation<>(SampleEvents.decoded(EventCodec.fromClasspath()));
    }

    @Benchmark
    public List<KpiContribution> contributions() {
        return fanOut.contributions(events.next().event());
    }
}
