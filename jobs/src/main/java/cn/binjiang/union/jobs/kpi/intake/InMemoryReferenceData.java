package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.avro.Street;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Optional;

/** Reference data held in memory: a few thousand enterprises fit comfortably in every task. */
public final class InMemoryReferenceData implements ReferenceData {
    private static final long serialVersionUID = 1L;

    private final EnumSet<Street> streets;
    private final HashMap<String, Enterprise> enterprises = new HashMap<>();

    private InMemoryReferenceData(Collection<Street> streets, Collection<Enterprise> enterprises) {
        this.streets = streets.isEmpty() ? EnumSet.noneOf(Street.class) : EnumSet.copyOf(streets);
        for (Enterprise enterprise : enterprises) {
            if (this.enterprises.put(enterprise.creditCode(), enterprise) != null) {
                throw new IllegalArgumentException("enterprise " + enterprise.creditCode() + " listed twice");
            }
        }
    }

    public static InMemoryReferenceData of(Collection<Street> streets, Collection<Enterprise> enterprises) {
        return new InMemoryReferenceData(streets, enterprises);
    }

    @Override
    public boolean knowsStreet(Street street) {
        return streets.contains(street);
    }

    @Override
    public Optional<Enterprise> enterprise(String creditCode) {
        return Optional.ofNullable(enterprises.get(creditCode));
    }
}
