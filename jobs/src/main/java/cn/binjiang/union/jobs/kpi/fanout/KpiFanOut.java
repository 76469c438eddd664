package cn.binjiang.union.jobs.kpi.fanout;

import cn.binjiang.union.jobs.kpi.records.KpiContribution;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.Dimension;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.EventField;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import cn.binjiang.union.schema.kpi.LiveSlices;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Turns one accepted event into its contributions to every live KPI cell it counts in: for each
 * KPI of its stream whose filter matches, for each grain, for each of the KPI's {@link LiveSlices}
 * (the dimensions a slice does not keep are {@code ""} = all).
 *
 * <p>Slice values follow {@link Dimension}: the enum symbol in lower case, and for an event
 * without the dimension its column's absent value ({@code district_level} for a null street,
 * {@code unspecified} otherwise), never {@code ""}, so per-slice rows always add up to the total.
 *
 * <p>It runs per event at full input rate, so everything that does not depend on the event
 * (KPIs per stream, field positions, the live slices) is worked out at construction.
 * {@link Serializable}: build it on the client from the catalog and ship it in the function.
 */
public final class KpiFanOut implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Grain[] GRAINS = Grain.values();
    private static final String ALL = "";
    private static final int STREET = DimensionColumn.STREET.ordinal();
    private static final int INDUSTRY = DimensionColumn.INDUSTRY.ordinal();
    private static final int EMPLOYMENT_FORM = DimensionColumn.EMPLOYMENT_FORM.ordinal();
    private static final int CATEGORY = DimensionColumn.CATEGORY.ordinal();

    private final StreamKpis[] streams;

    /** One stream's KPIs and where its events keep their time. */
    private record StreamKpis(Class<?> recordClass, EventField occurredAt, SlicedKpi[] kpis) implements Serializable {}

    /**
     * A KPI with its dimensions mapped to slice columns, and its live slices as, per slice, which dimensions it keeps.
     */
    private record SlicedKpi(KpiDefinition kpi, Dimension[] dimensions, int[] columns, boolean[][] kept)
            implements Serializable {

        static SlicedKpi of(KpiDefinition kpi) {
            Dimension[] dimensions = kpi.dimensions().toArray(Dimension[]::new);
            int[] columns = new int[dimensions.length];
            for (int d = 0; d < dimensions.length; d++) {
                columns[d] = dimensions[d].column().ordinal();
            }
            return new SlicedKpi(
                    kpi, dimensions, columns, LiveSlices.of(kpi.dimensions()).toArray(boolean[][]::new));
        }

        /** Contributions per matching event: every grain times every live slice. */
        int cells() {
            return GRAINS.length * kept.length;
        }
    }

    public KpiFanOut(KpiCatalog catalog) {
        this.streams = EventStream.all().stream()
                .map(stream -> new StreamKpis(
                        stream.recordClass(),
                        EventField.of(stream, "occurred_at").orElseThrow(),
                        catalog.forStream(stream).stream().map(SlicedKpi::of).toArray(SlicedKpi[]::new)))
                .toArray(StreamKpis[]::new);
    }

    /**
     * This event's contributions to every KPI of its stream, each with {@code events = 1}.
     *
     * @throws IllegalArgumentException if the record is not one of the five stream records
     */
    public List<KpiContribution> contributions(SpecificRecordBase event) {
        StreamKpis stream = streamOf(event);
        List<KpiContribution> out = null;
        int[] buckets = null;
        for (SlicedKpi sliced : stream.kpis) {
            if (!sliced.kpi.matches(event)) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(sliced.cells());
                buckets = buckets((Instant) stream.occurredAt.read(event));
            }
            addContributions(sliced, event, buckets, out);
        }
        return out == null ? List.of() : out;
    }

    private static void addContributions(
            SlicedKpi sliced, SpecificRecordBase event, int[] buckets, List<KpiContribution> out) {
        String id = sliced.kpi.id();
        long delta = sliced.kpi.hundredths(event);
        String[] values = new String[sliced.dimensions.length];
        for (int d = 0; d < values.length; d++) {
            values[d] = sliced.dimensions[d].valueOf(event);
        }
        String[] slice = new String[DimensionColumn.values().length];
        for (boolean[] kept : sliced.kept) {
            Arrays.fill(slice, ALL);
            for (int d = 0; d < values.length; d++) {
                if (kept[d]) {
                    slice[sliced.columns[d]] = values[d];
                }
            }
            for (int g = 0; g < GRAINS.length; g++) {
                out.add(new KpiContribution(
                        id,
                        GRAINS[g].label(),
                        buckets[g],
                        slice[STREET],
                        slice[INDUSTRY],
                        slice[EMPLOYMENT_FORM],
                        slice[CATEGORY],
                        delta,
                        1));
            }
        }
    }

    private static int[] buckets(Instant occurredAt) {
        LocalDate date = KpiCalendar.dateOf(occurredAt);
        int[] buckets = new int[GRAINS.length];
        for (int g = 0; g < GRAINS.length; g++) {
            buckets[g] = GRAINS[g].bucket(date);
        }
        return buckets;
    }

    private StreamKpis streamOf(SpecificRecordBase event) {
        for (StreamKpis stream : streams) {
            if (stream.recordClass == event.getClass()) {
                return stream;
            }
        }
        throw new IllegalArgumentException(event.getClass().getName() + " is not the record of any event stream");
    }
}
