package cn.binjiang.union.jobs.alerts.rules;

import java.util.Map;

/** The annual targets of a KPI for a street ({@code ""}: the district), by year. */
@FunctionalInterface
public interface TargetLookup {
    Map<Integer, Double> targets(String kpiId, String street);
}
