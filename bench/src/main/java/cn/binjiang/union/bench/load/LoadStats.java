package cn.binjiang.union.bench.load;

import cn.binjiang.union.bench.metric.Latency;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One kind's requests across all clients of the load test: the answered ones timed, the failed ones
 * counted with the first few answers kept, so a run that went wrong says how.
 */
public final class LoadStats {
    static final int ERRORS_KEPT = 5;

    /**
     * Requests of one kind: {@code errors} were not answered 200, {@code wrongAnswers} were but contradicted what was
     * stored.
     */
    public record Figures(
            String kind, long requests, long errors, long wrongAnswers, Latency latency, List<String> firstErrors) {
        public double perSecond(double seconds) {
            return requests / seconds;
        }
    }

    private final LoadKind kind;
    private final LongAdder requests = new LongAdder();
    private final Histogram micros = Latency.histogram();
    private final List<String> firstErrors = new ArrayList<>();
    private long errors;
    private long wrongAnswers;

    LoadStats(LoadKind kind) {
        this.kind = kind;
    }

    synchronized void answered(long nanos) {
        micros.recordValue(Math.max(1, nanos / 1_000));
        requests.increment();
    }

    synchronized void failed(String what) {
        errors++;
        keep(what);
        requests.increment();
    }

    /** Answered 200, but with a result the acknowledged inserts rule out; timed as answered. */
    synchronized void wrong(long nanos, String what) {
        wrongAnswers++;
        keep("wrong answer: " + what);
        answered(nanos);
    }

    private void keep(String what) {
        if (firstErrors.size() < ERRORS_KEPT)
            firstErrors.add(what.length() > 400 ? what.substring(0, 400) + "…" : what);
    }

    /** Requests so far, for the progress line (without taking the lock the clients record under). */
    long requests() {
        return requests.sum();
    }

    synchronized long errors() {
        return errors + wrongAnswers;
    }

    synchronized Figures figures() {
        return new Figures(
                kind.label(), requests.sum(), errors, wrongAnswers, Latency.of(micros), List.copyOf(firstErrors));
    }
}
