package cn.binjiang.union.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Asks a broker whether it really serves clients, which an open port alone does not prove.
 *
 * <pre>
 *   BrokerProbe ready  BOOTSTRAP TIMEOUT_S   exit 0 once the cluster answers with a controller
 *   BrokerProbe smoke  BOOTSTRAP             produce one record to a smoke topic and read it back
 * </pre>
 */
public final class BrokerProbe {
    static final String SMOKE_TOPIC = "platform-smoke";

    private BrokerProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BrokerProbe ready|smoke BOOTSTRAP [TIMEOUT_S]");
            System.exit(2);
        }
        String bootstrap = args[1];
        switch (args[0]) {
            case "ready" ->
                System.exit(
                        awaitReady(bootstrap, Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 30))
                                ? 0
                                : 1);
            case "smoke" -> System.out.println(smoke(bootstrap));
            default -> {
                System.err.println("unknown probe '" + args[0] + "': use ready or smoke");
                System.exit(2);
            }
        }
    }

    static boolean awaitReady(String bootstrap, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    DescribeClusterResult cluster = admin.describeCluster();
                    if (cluster.controller().get() != null
                            && !cluster.nodes().get().isEmpty()) return true;
                } catch (ExecutionException notYet) {
                    Thread.sleep(200);
                }
            }
        }
        return false;
    }

    /** Round-trips one record through the broker; returns a one-line report. */
    static String smoke(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            try {
                admin.createTopics(List.of(new NewTopic(SMOKE_TOPIC, 1, (short) 1)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            String token = UUID.randomUUID().toString();
            Properties producerProps = new Properties();
            producerProps.putAll(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"));
            long offset;
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                offset = producer.send(new ProducerRecord<>(SMOKE_TOPIC, token))
                        .get()
                        .offset();
            }
            Properties consumerProps = new Properties();
            consumerProps.putAll(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    "false"));
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                TopicPartition partition = new TopicPartition(SMOKE_TOPIC, 0);
                consumer.assign(Set.of(partition));
                consumer.seek(partition, offset);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        if (token.equals(r.value()))
                            return "kafka ok: produced and read back one record on " + SMOKE_TOPIC + " at offset "
                                    + offset;
                    }
                }
            }
            throw new IllegalStateException(
                    "kafka smoke: record produced at offset " + offset + " was not read back within 20 s");
        }
    }

    private static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        return p;
    }
}
