package cn.binjiang.union.schema.kpi;

import java.util.Optional;

/**
 * The slice columns of {@code kpi_values}, in the order of its columns: the one list the jobs, the
 * alert rules and the dashboards slice by. Street, industry and employment form are envelope
 * fields of every stream; {@code category} holds whichever one enum field of its own a KPI is
 * sliced by (skill level, competition field, aid category, group area, ...).
 */
public enum DimensionColumn {
    /** A null street is a district-level (区总本级) event, so its slice is named for that. */
    STREET("street", "district_level"),
    INDUSTRY("industry", DimensionColumn.UNSPECIFIED),
    EMPLOYMENT_FORM("employment_form", DimensionColumn.UNSPECIFIED),
    CATEGORY("category", DimensionColumn.UNSPECIFIED);

    /** The slice of events that do not carry the dimension: never {@code ""}, which means "all". */
    public static final String UNSPECIFIED = "unspecified";

    private final String column;
    private final String absentValue;

    DimensionColumn(String column, String absentValue) {
        this.column = column;
        this.absentValue = absentValue;
    }

    /** The slice column of this name ({@code street}, ...), if there is one. */
    public static Optional<DimensionColumn> ofColumn(String column) {
        for (DimensionColumn c : values()) {
            if (c.column.equals(column)) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** The column's name in {@code kpi_values}. */
    public String column() {
        return column;
    }

    /** The value an event without this dimension (a null field) is sliced under. */
    public String absentValue() {
        return absentValue;
    }
}
