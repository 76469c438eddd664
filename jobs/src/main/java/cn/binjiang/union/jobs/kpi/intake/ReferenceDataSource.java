package cn.binjiang.union.jobs.kpi.intake;

import java.io.Serializable;

/** Where each parallel instance of the intake loads the reference data from when it opens. */
@FunctionalInterface
public interface ReferenceDataSource extends Serializable {
    ReferenceData load() throws Exception;
}
