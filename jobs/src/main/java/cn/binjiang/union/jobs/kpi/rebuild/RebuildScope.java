package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a rebuild recomputes: some KPIs, over whole years.
 *
 * <p>Whole years because a year's cell needs every event of its year: a rebuild from a date in June would leave the
 * year's total half counted. So {@code --from} and {@code --to} choose the years their dates fall in, and every cell
 * of those years (day, month and year) is rebuilt.
 *
 * @param kpis the catalog cut down to the chosen KPIs
 * @param fromYear the first year rebuilt, or empty for the oldest event held
 * @param toYear the last year rebuilt, or empty for the newest
 */
public record RebuildScope(KpiCatalog kpis, Optional<Integer> fromYear, Optional<Integer> toYear) {

    public RebuildScope {
        if (kpis.all().isEmpty()) throw new IllegalArgumentException("a rebuild needs at least one KPI");
        if (fromYear.isPresent() && toYear.isPresent() && fromYear.get() > toYear.get()) {
            throw new IllegalArgumentException("--from " + fromYear.get() + " is after --to " + toYear.get());
        }
    }

    /**
     * The scope of {@code ./platform kpi rebuild}: the KPIs named (all of the catalog when none is), the years of the
     * dates given.
     *
     * @throws IllegalArgumentException naming a KPI the catalog does not hold
     */
    public static RebuildScope of(
            KpiCatalog catalog, List<String> kpiIds, Optional<LocalDate> from, Optional<LocalDate> to) {
        KpiCatalog chosen;
        try {
            chosen = kpiIds.isEmpty() ? catalog : catalog.only(kpiIds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kpi: " + e.getMessage(), e);
        }
        return new RebuildScope(chosen, from.map(LocalDate::getYear), to.map(LocalDate::getYear));
    }

    public Set<String> kpiIds() {
        Set<String> ids = new LinkedHashSet<>();
        kpis.all().forEach(kpi -> ids.add(kpi.id()));
        return ids;
    }

    /** The streams whose events the chosen KPIs count. */
    public Set<EventStream<?>> streams() {
        Set<EventStream<?>> streams = new LinkedHashSet<>();
        kpis.all().forEach(kpi -> streams.add(kpi.stream()));
        return streams;
    }

    /** The cells rebuilt, as a value a Flink function can carry. */
    public Cells cells() {
        return new Cells(kpiIds(), fromYear.orElse(Integer.MIN_VALUE), toYear.orElse(Integer.MAX_VALUE));
    }

    /** The cells of a {@link RebuildScope}: the chosen KPIs' cells whose periods start in the years chosen. */
    public record Cells(Set<String> kpiIds, int fromYear, int toYear) implements Serializable {
        public Cells {
            kpiIds = Set.copyOf(kpiIds);
        }

        /** Whether the cell of {@code kpiId} whose period starts on {@code bucket} (an epoch day) is rebuilt. */
        public boolean cover(String kpiId, int bucket) {
            int year = LocalDate.ofEpochDay(bucket).getYear();
            return kpiIds.contains(kpiId) && year >= fromYear && year <= toYear;
        }
    }

    /** The first instant of the first year rebuilt, in the KPI calendar. */
    public Optional<Instant> start() {
        return fromYear.map(year -> Instant.ofEpochMilli(KpiCalendar.startOf(LocalDate.of(year, 1, 1))));
    }

    /** The first instant after the last year rebuilt, in the KPI calendar. */
    public Optional<Instant> end() {
        return toYear.map(year -> Instant.ofEpochMilli(KpiCalendar.startOf(LocalDate.of(year + 1, 1, 1))));
    }

    /** The years as a person would say them: "2021–2022", "from 2021", "all years". */
    public String years() {
        if (fromYear.isEmpty() && toYear.isEmpty()) return "all years";
        if (fromYear.isEmpty()) return "up to " + toYear.get();
        if (toYear.isEmpty()) return "from " + fromYear.get();
        return fromYear.get().equals(toYear.get()) ? "" + fromYear.get() : fromYear.get() + "–" + toYear.get();
    }
}
