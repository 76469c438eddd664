package cn.binjiang.union.jobs.sink.clickhouse;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Sums one of the sink's counters over all subtasks of a job. */
record SinkMetricsReader(InMemoryReporter reporter, JobID job) {
    long total(String counter) {
        return reporter.findMetrics(job, counter).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + counter) && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }
}
