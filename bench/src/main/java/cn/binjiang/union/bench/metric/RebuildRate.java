package cn.binjiang.union.bench.metric;

import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.jobs.kpi.rebuild.KpiRebuild;
import cn.binjiang.union.jobs.kpi.rebuild.RebuildScope;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The rebuild rate: every KPI counted again from the raw tables the throughput run filled, through {@code kpi
 * rebuild}'s own counting ({@link KpiRebuild#count}: each event's newest revision read from the raw tables, each
 * through the job's fan-out), with no cut: the run is over. Its savepoint and inserts are left out: they grow with the
 * cells, not the events.
 */
public final class RebuildRate {
    private RebuildRate() {}

    public static Rate measure(BenchDatabase db) throws SQLException {
        RebuildScope every = RebuildScope.of(KpiCatalog.fromClasspath(), List.of(), Optional.empty(), Optional.empty());
        KpiRebuild.Counted counted = KpiRebuild.countEverything(db.connection(), every);
        return Rate.of(counted.events(), counted.nanos());
    }
}
