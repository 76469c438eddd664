package cn.binjiang.union.schema.topic;

import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiValue;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The contract of the {@code kpi-updates} topic (schemas/README.md, "The JSON topics"): one record per change of
 * a KPI cell's value, keyed by the cell ({@link #key}), the value as JSON ({@link #write}), which the KPI
 * job writes and the alert job reads ({@link #read}).
 *
 * <p>The KPI job's busiest output, so written field by field rather than through a tree, and with the
 * last timestamps' text kept: the values of one bundle share their {@code updated_at} millisecond and
 * their watermark, and formatting an {@link Instant} cost more than the rest of the record. A writer is
 * one per sink subtask: not thread-safe. {@link #read} is.
 */
public final class KpiUpdateJson {
    private static final JsonFactory JSON = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(384);
    private final InstantText updatedAt = new InstantText();
    private final InstantText watermark = new InstantText();

    /** The record key: the cell, so that the updates of one cell stay in order on one partition. */
    public static byte[] key(KpiValue v) {
        return v.cellKey().getBytes(StandardCharsets.UTF_8);
    }

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

    /**
     * A record as {@link #write} wrote it.
     *
     * @throws IOException naming the field that is missing or not of its type
     */
    public static KpiValue read(byte[] json) throws IOException {
        JsonFields f = JsonFields.of(Topic.KPI_UPDATES, json);
        String grain = f.text("grain");
        try {
            Grain.ofLabel(grain);
        } catch (IllegalArgumentException e) {
            throw f.bad("grain", e.getMessage());
        }
        return new KpiValue(
                f.text("kpi_id"),
                grain,
                f.date("bucket"),
                f.text("street"),
                f.text("industry"),
                f.text("employment_form"),
                f.text("category"),
                f.hundredths("value"),
                f.whole("version"),
                f.instant("updated_at"),
                f.instantOr("watermark", Long.MIN_VALUE));
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
