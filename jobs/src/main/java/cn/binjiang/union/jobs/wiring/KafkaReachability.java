package cn.binjiang.union.jobs.wiring;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the job's log when Kafka stops answering and when it answers again, once each: a WARN
 * with the cause at the first failed check, an INFO with how long it lasted at the first good one.
 *
 * <p>Why a watcher of its own: the job's Kafka clients (the source's consumers and its enumerator's
 * admin client, the producers of the two Kafka sinks) say an outage only as a WARN of their
 * {@code NetworkClient} on every reconnect attempt, per client (measured on the local stack: ~800
 * lines in 45 s). Neither they nor Flink's Kafka connector offer a hook for "the broker is away" or
 * "back": a producer's send callback fires only when a record expires ({@code delivery.timeout.ms},
 * 2 min), a consumer's poll just returns nothing. So {@code jobs/config/log4j2.properties} keeps
 * {@code NetworkClient} to errors, and this watcher asks the same bootstrap servers for the cluster's
 * nodes every few seconds and reports the transitions. It runs beside the job in the JVM that
 * executes it, which is where that log4j2 configuration applies ({@code ./platform job start}: a
 * MiniCluster); on a Flink cluster the task managers log by the cluster's own configuration.
 */
public final class KafkaReachability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    /** One look at Kafka: returns when it answered, throws what it failed with otherwise. */
    interface Probe {
        void check() throws Exception;
    }

    private final String bootstrapServers;
    private final Probe probe;
    private final AutoCloseable resources;
    private int failedChecks;
    private long downSinceNanos;

    KafkaReachability(String bootstrapServers, Probe probe, AutoCloseable resources) {
        this.bootstrapServers = bootstrapServers;
        this.probe = probe;
        this.resources = resources;
    }

    /** Starts watching {@code bootstrapServers} on a daemon thread until {@link #close}. */
    public static KafkaReachability watch(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-reachability");
        int timeoutMs = (int) INTERVAL.toMillis() - 1_000;
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        Admin admin = Admin.create(properties);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-reachability");
            thread.setDaemon(true);
            return thread;
        });
        KafkaReachability watcher = new KafkaReachability(
                bootstrapServers,
                () -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                        .nodes()
                        .get(),
                () -> {
                    timer.shutdownNow();
                    admin.close(Duration.ofSeconds(1));
                });
        timer.scheduleWithFixedDelay(watcher::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** One check, and a line when it changes what the previous ones found. */
    void check() {
        try {
            probe.check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failed(e);
            return;
        }
        if (failedChecks == 0) return;
        double downSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos) / 1000.0;
        LOG.info(
                "Kafka recovered: {} answers again after {} s and {} failed checks",
                bootstrapServers,
                String.format(Locale.ROOT, "%.1f", downSeconds),
                failedChecks);
        failedChecks = 0;
    }

    private void failed(Exception e) {
        failedChecks++;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String cause = root.getClass().getSimpleName() + ": " + root.getMessage();
        if (failedChecks == 1) {
            downSinceNanos = System.nanoTime();
            LOG.warn(
                    "Kafka unreachable: {} does not answer ({}); the job's consumers and producers keep retrying,"
                            + " its sources and sinks wait meanwhile",
                    bootstrapServers,
                    cause);
        } else {
            LOG.debug("Kafka still unreachable at {} (check {}): {}", bootstrapServers, failedChecks, cause);
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
