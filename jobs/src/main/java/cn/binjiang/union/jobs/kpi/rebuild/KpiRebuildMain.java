package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.KpiJobMain;
import cn.binjiang.union.jobs.kpi.config.KpiJobConfig;
import cn.binjiang.union.jobs.wiring.FlinkRest;
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
            config = KpiJobConfig.load(request.jobArgs().toArray(String[]::new), System.getenv());
            scope = RebuildScope.of(KpiJobConfig.catalog(config), request.kpis(), request.from(), request.to());
        } catch (IllegalArgumentException | ConfigurationException e) {
            System.err.println("kpi rebuild: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new KpiRebuild(config, scope, request.savepoints(), System.out)
                    .run(new RestRunningJob(new FlinkRest(request.flink()), KpiJobMain.JOB_NAME));
        } catch (Exception e) {
            System.err.println("kpi rebuild: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
