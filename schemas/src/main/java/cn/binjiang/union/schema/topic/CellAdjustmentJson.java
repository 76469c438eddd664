package cn.binjiang.union.schema.topic;

import cn.binjiang.union.schema.kpi.CellKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The contract of the {@code kpi-rebuilds} topic (schemas/README.md, "The JSON topics"): one record per KPI cell a
 * rebuild adjusts, keyed by the cell ({@link #key}), as JSON ({@link #write}), which {@code kpi rebuild} writes and
 * the KPI job reads ({@link #read}).
 */
public final class CellAdjustmentJson {
    private CellAdjustmentJson() {}

    /** The record key: the cell ({@link CellKey}), as kpi-updates keys it. */
    public static byte[] key(CellAdjustment a) {
        return a.cell().key().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code {"rebuild_id", "kpi_id", "grain", "bucket": "2022-03-01", "street", ..., "value_delta": -12.00,
     * "version_delta", "basis_version"}}
     */
    public static byte[] write(CellAdjustment a) {
        CellKey.Cell cell = a.cell();
        ObjectNode n = JsonFields.newRecord();
        n.put("rebuild_id", a.rebuildId());
        n.put("kpi_id", cell.kpiId());
        n.put("grain", cell.grain());
        n.put("bucket", LocalDate.ofEpochDay(cell.bucket()).toString());
        n.put("street", cell.street());
        n.put("industry", cell.industry());
        n.put("employment_form", cell.employmentForm());
        n.put("category", cell.category());
        n.put("value_delta", BigDecimal.valueOf(a.valueDelta(), 2));
        n.put("version_delta", a.versionDelta());
        n.put("basis_version", a.basisVersion());
        return JsonFields.bytes(n);
    }

    /**
     * A record as {@link #write} wrote it.
     *
     * @throws IOException naming the field that is missing or not of its type
     */
    public static CellAdjustment read(byte[] json) throws IOException {
        JsonFields f = JsonFields.of(Topic.KPI_REBUILDS, json);
        CellKey.Cell cell = new CellKey.Cell(
                f.text("kpi_id"),
                f.text("grain"),
                f.date("bucket"),
                f.text("street"),
                f.text("industry"),
                f.text("employment_form"),
                f.text("category"));
        try {
            return new CellAdjustment(
                    f.text("rebuild_id"),
                    cell,
                    f.hundredths("value_delta"),
                    f.whole("version_delta"),
                    f.whole("basis_version"));
        } catch (IllegalArgumentException e) {
            throw new IOException(Topic.KPI_REBUILDS.topicName() + " record: " + e.getMessage(), e);
        }
    }
}
