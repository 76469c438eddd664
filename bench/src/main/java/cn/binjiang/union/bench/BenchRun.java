package cn.binjiang.union.bench;

import cn.binjiang.union.schema.EventStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The names one benchmark run owns, stamped with its start time so that a run never reads another
 * run's events or KPIs, and never touches the stack's own topics and tables.
 */
public record BenchRun(String id) {
    public static BenchRun startingNow() {
        return new BenchRun(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")));
    }

    /** Prefix of this run's topics: the KPI job's {@code kafka.topic-prefix}. */
    public String topicPrefix() {
        return "bench-" + id.replace('_', '-') + "-";
    }

    public String topic(EventStream<?> stream) {
        return topicPrefix() + stream.name();
    }

    public List<String> eventTopics() {
        return EventStream.all().stream().map(this::topic).toList();
    }

    /** The ClickHouse database the job writes to: the migrations and reference data, nothing else. */
    public String database() {
        return "bench_" + id;
    }

    public String groupId() {
        return "bench-kpi-" + id;
    }
}
