package cn.binjiang.union.jobs.alerts.rules;

import java.io.Serializable;
import java.util.Map;

/**
 * The annual targets in force for a KPI and a street ({@code ""}: the district), by year. Read when the rules are
 * checked at start, and again while the job runs ({@code TargetRefresh}), so that a revised target reaches the pace
 * rules without a restart.
 */
@FunctionalInterface
public interface TargetLookup extends Serializable {
    /** @throws Unavailable when the targets cannot be read now (the store is away): worth asking again later */
    Map<Integer, Double> targets(String kpiId, String street);

    /** The targets could not be read this time; a retry may succeed. */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
