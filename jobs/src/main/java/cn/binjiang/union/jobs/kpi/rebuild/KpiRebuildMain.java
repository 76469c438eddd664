package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.wiring.FlinkRest;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import org.apache.flink.configuration.Configuration;

/** {@code ./platform kpi rebuild}: see {@link KpiRebuild} and {@link RebuildRequest}. Exits 2 on a bad request. */
public final class KpiRebuildMain {
    private KpiRebuildMain() {}

    public static void main(String[] args) {
        RebuildRequest request;
        RebuildScope scope;
        Configuration config;
        try {
            request = RebuildRequest.parse(args);
            scope = RebuildScope.of(KpiCatalog.fromClasspath(), request.kpis(), request.from(), request.to());
            config = KpiJobConfig.load(request.jobArgs().toArray(String[]::new), System.getenv());
        } catch (IllegalArgumentException | ConfigurationException e) {
            System.err.println("kpi rebuild: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new KpiRebuild(config, scope, new FlinkRest(request.flink()), request.savepoints(), System.out).run();
        } catch (Exception e) {
            System.err.println("kpi rebuild: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
