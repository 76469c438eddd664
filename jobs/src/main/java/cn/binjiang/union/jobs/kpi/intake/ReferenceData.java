package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.schema.avro.Street;
import java.io.Serializable;
import java.util.Optional;

/** What validation needs to know of the reference data: the district's streets and enterprises. */
public interface ReferenceData extends Serializable {
    boolean knowsStreet(Street street);

    Optional<Enterprise> enterprise(String creditCode);
}
