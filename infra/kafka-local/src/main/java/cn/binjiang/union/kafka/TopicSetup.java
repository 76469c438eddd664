package cn.binjiang.union.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * {@code TopicSetup BOOTSTRAP PARTITIONS REPLICAS|auto TOPIC=RETENTION_MS...}: creates the topics that do not exist
 * yet ({@code auto}: three replicas, or as many as the cluster has brokers) and sets every topic's retention, the
 * existing ones' too, so that a changed retention takes effect on the next {@code ./platform up}.
 * The local broker refuses to create topics on first use (a typo must not create one), so the
 * platform creates its topics on purpose here. With more than one replica a write needs all but one
 * of them in sync ({@code min.insync.replicas}), so one broker may fail without losing an
 * acknowledged record or stopping the writers.
 */
public final class TopicSetup {
    private static final int AUTO_REPLICAS = 3;
    private static final String USAGE = "usage: TopicSetup BOOTSTRAP PARTITIONS REPLICAS|auto TOPIC=RETENTION_MS...";

    private TopicSetup() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println(USAGE);
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        Map<String, Long> retention = new LinkedHashMap<>();
        for (String topic : Arrays.asList(args).subList(3, args.length)) {
            String[] nameAndMs = topic.split("=", 2);
            if (nameAndMs.length != 2 || !nameAndMs[1].matches("[1-9][0-9]*")) {
                System.err.println("TopicSetup: '" + topic + "' is not TOPIC=RETENTION_MS; " + USAGE);
                System.exit(2);
            }
            retention.put(nameAndMs[0], Long.parseLong(nameAndMs[1]));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            short replicas = args[2].equals("auto")
                    ? (short) Math.min(
                            AUTO_REPLICAS, admin.describeCluster().nodes().get().size())
                    : Short.parseShort(args[2]);
            String minInsync = String.valueOf(Math.max(1, replicas - 1));
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = retention.keySet().stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replicas)
                            .configs(Map.of(
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                    minInsync,
                                    TopicConfig.RETENTION_MS_CONFIG,
                                    retention.get(t).toString())))
                    .toList();
            if (!missing.isEmpty()) admin.createTopics(missing).all().get();
            Map<ConfigResource, Collection<AlterConfigOp>> retentions = new LinkedHashMap<>();
            retention.forEach((t, ms) -> retentions.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, t),
                    List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ms.toString()),
                            AlterConfigOp.OpType.SET))));
            admin.incrementalAlterConfigs(retentions).all().get();
            System.out.println("topics: "
                    + (missing.isEmpty()
                            ? "all " + retention.size() + " present"
                            : "created " + missing.stream().map(NewTopic::name).toList() + " (" + partitions
                                    + " partitions, " + replicas + " replicas, min.insync.replicas " + minInsync
                                    + ")")
                    + "; retention " + describe(retention));
        }
    }

    /** {@code enrollment 30 d, ..., alerts 7 d}, topics of one retention together. */
    private static String describe(Map<String, Long> retention) {
        Map<Long, List<String>> byRetention = new LinkedHashMap<>();
        retention.forEach((t, ms) ->
                byRetention.computeIfAbsent(ms, k -> new ArrayList<>()).add(t));
        StringBuilder out = new StringBuilder();
        byRetention.forEach((ms, topics) -> out.append(out.isEmpty() ? "" : ", ")
                .append(String.join(" ", topics))
                .append(' ')
                .append(ms % 86_400_000L == 0 ? ms / 86_400_000L + " d" : ms + " ms"));
        return out.toString();
    }
}
