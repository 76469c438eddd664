package cn.binjiang.union.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * {@code TopicSetup BOOTSTRAP PARTITIONS REPLICAS|auto TOPIC...}: creates the topics that do not exist yet
 * ({@code auto}: three replicas, or as many as the cluster has brokers).
 * The local broker refuses to create topics on first use (a typo must not create one), so the
 * platform creates its topics on purpose here. With more than one replica a write needs all but one
 * of them in sync ({@code min.insync.replicas}), so one broker may fail without losing an
 * acknowledged record or stopping the writers.
 */
public final class TopicSetup {
    private static final int AUTO_REPLICAS = 3;

    private TopicSetup() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: TopicSetup BOOTSTRAP PARTITIONS REPLICAS|auto TOPIC...");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        List<String> wanted = Arrays.asList(args).subList(3, args.length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            short replicas = args[2].equals("auto")
                    ? (short) Math.min(
                            AUTO_REPLICAS, admin.describeCluster().nodes().get().size())
                    : Short.parseShort(args[2]);
            String minInsync = String.valueOf(Math.max(1, replicas - 1));
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replicas)
                            .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)))
                    .toList();
            if (!missing.isEmpty()) admin.createTopics(missing).all().get();
            System.out.println("topics: "
                    + (missing.isEmpty()
                            ? "all " + wanted.size() + " present"
                            : "created " + missing.stream().map(NewTopic::name).toList() + " (" + partitions
                                    + " partitions, " + replicas + " replicas, min.insync.replicas " + minInsync
                                    + ")"));
        }
    }
}
