package cn.binjiang.union.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Decides once per test JVM where the real servers for tests come from: containers when a Docker
 * engine answers (developer laptops), local engines on loopback otherwise (these machines, CI).
 */
final class TestStack {
    private static final Logger LOG = LoggerFactory.getLogger(TestStack.class);
    /** Set to "local" to use the local engines even where Docker answers. */
    static final String MODE_PROPERTY = "teststack";

    private static volatile Boolean containers;

    private TestStack() {}

    static boolean useContainers() {
        if (containers == null) {
            synchronized (TestStack.class) {
                if (containers == null) {
                    boolean forcedLocal = "local".equals(System.getProperty(MODE_PROPERTY));
                    containers = !forcedLocal && dockerAnswers();
                    LOG.info(
                            containers
                                    ? "test stack: Docker answers, using Testcontainers (ClickHouse and Kafka official images)"
                                    : "test stack: no Docker engine, using local engines (embedded ClickHouse process, in-JVM KRaft broker)");
                }
            }
        }
        return containers;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }
}
