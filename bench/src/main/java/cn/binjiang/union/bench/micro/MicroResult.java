package cn.binjiang.union.bench.micro;

/**
 * One micro-benchmark's throughput.
 *
 * @param name the benchmark class's simple name and its method, e.g. {@code DecodeBenchmark.decodeAny}
 * @param opsPerSecond invocations per second, each on one event: events per second on one thread
 * @param error half the width of JMH's 99.9% confidence interval around {@code opsPerSecond};
 *     NaN with fewer than three measurement iterations (the quick schedule's two give none)
 */
public record MicroResult(String name, double opsPerSecond, double error) {}
