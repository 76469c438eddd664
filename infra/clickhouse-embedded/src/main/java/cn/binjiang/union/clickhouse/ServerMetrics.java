package cn.binjiang.union.clickhouse;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;

/**
 * What the server counts, served on {@code /metrics} in Prometheus' text format: queries per kind, errors per
 * ClickHouse code, requests in flight, query latency, rows and bytes inserted, and the process's resident memory,
 * which is mostly chDB's (the engine allocates outside the Java heap). A real ClickHouse serves its own figures on
 * a port of their own (its {@code prometheus} section); these are named apart from those and documented with their
 * counterparts in this module's README.
 */
final class ServerMetrics {
    /** Statement kinds counted under their own name, as ClickHouse's {@code query_kind}; the rest are {@code other}. */
    private static final Set<String> KINDS = Set.of(
            "select",
            "insert",
            "create",
            "alter",
            "drop",
            "truncate",
            "rename",
            "optimize",
            "system",
            "set",
            "use",
            "show",
            "describe",
            "exists",
            "explain",
            "kill");
    /** A request that failed before its statement was read (credentials, body). */
    static final String UNREAD = "unread";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final Counter queries = Counter.builder()
            .name("clickhouse_queries_total")
            .help("Queries received, by statement kind, failed ones included")
            .labelNames("kind")
            .register(registry);
    private final Counter errors = Counter.builder()
            .name("clickhouse_query_errors_total")
            .help("Queries that failed, by ClickHouse error code")
            .labelNames("code")
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("clickhouse_requests_in_flight")
            .help("Queries being answered now, waiting for a slot included")
            .register(registry);
    private final Histogram duration = Histogram.builder()
            .name("clickhouse_query_duration_seconds")
            .help("Time from a query's request to the end of its answer, by statement kind")
            .labelNames("kind")
            .classicOnly()
            .register(registry);
    private final Counter insertedRows = Counter.builder()
            .name("clickhouse_inserted_rows_total")
            .help("Rows the engine wrote for INSERT statements")
            .register(registry);
    private final Counter insertedBytes = Counter.builder()
            .name("clickhouse_inserted_bytes_total")
            .help("Bytes (uncompressed) the engine wrote for INSERT statements")
            .register(registry);

    ServerMetrics() {
        JvmMetrics.builder().register(registry);
    }

    String contentType() {
        return text.getContentType();
    }

    void scrape(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }

    /** A query from its request on; {@link Query#finished} once its answer has ended, however it ended. */
    Query started() {
        inFlight.inc();
        return new Query(System.nanoTime());
    }

    final class Query {
        private final long startedNanos;
        private String kind = UNREAD;

        private Query(long startedNanos) {
            this.startedNanos = startedNanos;
        }

        void read(SqlStatement statement) {
            String k = statement.kind().toLowerCase(Locale.ROOT);
            kind = k.equals("with") ? "select" : k.equals("desc") ? "describe" : KINDS.contains(k) ? k : "other";
        }

        void failed(int code) {
            errors.labelValues(Integer.toString(code)).inc();
        }

        void finished(ChdbConnection.Stats stats) {
            inFlight.dec();
            queries.labelValues(kind).inc();
            duration.labelValues(kind).observe((System.nanoTime() - startedNanos) / 1e9);
            if (kind.equals("insert")) {
                insertedRows.inc(stats.rowsWritten());
                insertedBytes.inc(stats.bytesWritten());
            }
        }
    }
}
