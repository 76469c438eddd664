package cn.binjiang.union.schema.kpi;

/** The catalog says something that cannot be: names the KPI and the catalog field at fault. */
public final class KpiCatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String kpiId;
  private final String field;

  KpiCatalogException(String source, String kpiId, String field, String problem) {
    super(source + ": KPI " + kpiId + ", " + field + ": " + problem);
    this.kpiId = kpiId;
    this.field = field;
  }

  /** The KPI's id, or {@code #n} (its position, from 1) when the entry has no usable id. */
  public String kpiId() {
    return kpiId;
  }

  /** The catalog key at fault, as a path: {@code stream}, {@code filter.where.union_kind}, {@code measure.sum} ... */
  public String field() {
    return field;
  }
}
