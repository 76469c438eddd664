package cn.binjiang.union.jobs.kpi.rebuild;

/** The running KPI job, as much of it as a rebuild needs: a savepoint taken while it runs on. */
@FunctionalInterface
public interface RunningJob {
    /**
     * Takes a savepoint into {@code directory} (a URI) without stopping the job, and returns its path once complete.
     *
     * @throws NotRunning if there is no such job: a rebuild gives up
     * @throws Exception if Flink refused or failed it (a job still deploying its tasks refuses): a rebuild tries again
     */
    String savepoint(String directory) throws Exception;

    /** No KPI job is running to count against. */
    final class NotRunning extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public NotRunning(String message) {
            super(message);
        }
    }
}
