package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.jobs.kpi.records.KpiValue;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes kpi-updates records, one per KPI change: the job's busiest output, so written field by
 * field rather than through a tree, and with the last timestamps' text kept: the values of one
 * bundle share their {@code updated_at} millisecond and their watermark, and formatting an
 * {@link Instant} cost more than the rest of the record. One per sink subtask: not thread-safe.
 */
public final class KpiUpdateJson {
    private static final JsonFactory JSON = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(384);
    private final InstantText updatedAt = new InstantText();
    private final InstantText watermark = new InstantText();

    /**
     * {@code {"kpi_id", "grain", "bucket": "2022-03-01", "street", ..., "value": 949.00, "version", "updated_at",
     * "watermark"}}; {@code watermark} (the job's event time) is absent until the job has one.
     */
    public byte[] write(KpiValue v) {
        buffer.reset();
        try (JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("kpi_id", v.kpiId());
            g.writeStringField("grain", v.grain());
            g.writeStringField("bucket", LocalDate.ofEpochDay(v.bucket()).toString());
            g.writeStringField("street", v.street());
            g.writeStringField("industry", v.industry());
            g.writeStringField("employment_form", v.employmentForm());
            g.writeStringField("category", v.category());
            g.writeNumberField("value", BigDecimal.valueOf(v.value(), 2));
            g.writeNumberField("version", v.version());
            g.writeStringField("updated_at", updatedAt.of(v.updatedAt()));
            if (v.watermark() != Long.MIN_VALUE) g.writeStringField("watermark", watermark.of(v.watermark()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** ISO-8601 text of the last instant asked for, kept until another is asked for. */
    private static final class InstantText {
        private long millis = Long.MIN_VALUE;
        private String text;

        String of(long epochMillis) {
            if (epochMillis != millis || text == null) {
                millis = epochMillis;
                text = Instant.ofEpochMilli(epochMillis).toString();
            }
            return text;
        }
    }
}
