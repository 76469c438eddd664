package cn.binjiang.union.jobs.kpi.rows;

import cn.binjiang.union.jobs.sink.clickhouse.RowBinder;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A KPI cell's new value as a row of {@code kpi_values}: hundredths become a Decimal(18, 2), the epoch day a Date. */
public final class KpiValueRows implements RowBinder<KpiValue> {
    private static final long serialVersionUID = 1L;
    private static final List<String> COLUMNS = List.of(
            "kpi_id",
            "grain",
            "bucket",
            "street",
            "industry",
            "employment_form",
            "category",
            "value",
            "version",
            "updated_at");

    @Override
    public String table() {
        return "kpi_values";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void bind(PreparedStatement statement, KpiValue kpi) throws SQLException {
        statement.setString(1, kpi.kpiId());
        statement.setString(2, kpi.grain());
        statement.setObject(3, LocalDate.ofEpochDay(kpi.bucket()));
        statement.setString(4, kpi.street());
        statement.setString(5, kpi.industry());
        statement.setString(6, kpi.employmentForm());
        statement.setString(7, kpi.category());
        statement.setBigDecimal(8, BigDecimal.valueOf(kpi.value(), 2));
        statement.setLong(9, kpi.version());
        statement.setObject(10, Instant.ofEpochMilli(kpi.updatedAt()));
    }
}
