package cn.binjiang.union.bench.micro;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the micro-benchmarks of the KPI job's per-event steps (decode, validate, pseudonymise, fan
 * out) in one forked JVM and returns their throughput; the benchmark orchestrator calls {@link
 * #run}, {@link #main} runs them standalone. JMH prints its progress to standard output.
 */
public final class MicroBenchmarks {
    private static final String QUICK_FLAG = "--quick";

    /** How long each benchmark warms up and is measured. */
    private record Schedule(int warmupIterations, int measurementIterations, TimeValue iterationTime) {
        /** Enough for a smoke test and a rough figure, not for comparing close results. */
        static final Schedule QUICK = new Schedule(1, 2, TimeValue.seconds(1));

        static final Schedule FULL = new Schedule(2, 5, TimeValue.seconds(2));
    }

    private MicroBenchmarks() {}

    /**
     * @param quick a short schedule (about 3 s per benchmark plus the fork's start) instead of the
     *     full one (about 14 s)
     * @return one result per benchmark, by name
     * @throws IllegalStateException if JMH cannot run or a benchmark fails, so that no figure is
     *     silently missing
     */
    public static List<MicroResult> run(boolean quick) {
        Schedule schedule = quick ? Schedule.QUICK : Schedule.FULL;
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(MicroBenchmarks.class.getPackageName() + "."))
                // MicroResult promises operations per second, whatever a benchmark's annotations say
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .forks(1)
                .jvmArgs("-Xmx1g")
                .warmupIterations(schedule.warmupIterations())
                .warmupTime(schedule.iterationTime())
                .measurementIterations(schedule.measurementIterations())
                .measurementTime(schedule.iterationTime())
                .shouldFailOnError(true)
                .build();
        try {
            return new Runner(options)
                    .run().stream()
                            .map(MicroBenchmarks::resultOf)
                            .sorted(Comparator.comparing(MicroResult::name))
                            .toList();
        } catch (RunnerException e) {
            throw new IllegalStateException("the micro-benchmarks failed: " + e.getMessage(), e);
        }
    }

    private static MicroResult resultOf(RunResult run) {
        String benchmark = run.getParams().getBenchmark();
        String classAndMethod = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        Result<?> primary = run.getPrimaryResult();
        return new MicroResult(classAndMethod, primary.getScore(), primary.getScoreError());
    }

    /** {@code [--quick]}: runs the micro-benchmarks and prints their results as a table. */
    public static void main(String[] args) {
        if (args.length > 1 || (args.length == 1 && !args[0].equals(QUICK_FLAG))) {
            System.err.println("usage: MicroBenchmarks [" + QUICK_FLAG + "]");
            System.exit(2);
        }
        print(run(args.length == 1));
    }

    private static void print(List<MicroResult> results) {
        int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        String row = "%-" + width + "s  %14s  %12s%n";
        System.out.println();
        System.out.printf(Locale.ROOT, row, "benchmark", "ops/s", "± error");
        for (MicroResult result : results) {
            System.out.printf(Locale.ROOT, row, result.name(), figure(result.opsPerSecond()), figure(result.error()));
        }
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }
}
