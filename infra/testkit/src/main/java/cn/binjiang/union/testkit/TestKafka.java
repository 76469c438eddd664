package cn.binjiang.union.testkit;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A real Kafka broker shared by every test of one JVM: a container with Docker, an in-JVM KRaft broker without. */
public final class TestKafka {
    static final DockerImageName IMAGE = DockerImageName.parse(OfficialImages.of("kafka"));

    private static final AtomicLong PREFIXES = new AtomicLong();
    private static TestKafka shared;

    private final String bootstrapServers;

    private TestKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public static synchronized TestKafka shared() {
        if (shared == null) {
            shared = new TestKafka(TestStack.useContainers() ? startContainer() : startInJvm());
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * A prefix for one test's topics on the shared broker: {@code name} and a number no earlier call gave. The broker
     * lives as long as the JVM, so a test that failsafe runs again (or a second fixture of the same name) finds none
     * of its topics already taken.
     */
    public static String topicPrefix(String name) {
        return name + "-" + PREFIXES.incrementAndGet() + "-";
    }

    private static String startContainer() {
        KafkaContainer kafka = new KafkaContainer(IMAGE);
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-stop"));
        return kafka.getBootstrapServers();
    }

    private static String startInJvm() {
        try {
            KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    kafka.close();
                                } catch (Exception e) {
                                    throw new IllegalStateException("closing the test broker", e);
                                }
                            },
                            "test-kafka-stop"));
            return kafka.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("starting the in-JVM Kafka broker failed", e);
        }
    }
}
