package cn.binjiang.union.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code TopicSetup BOOTSTRAP PARTITIONS TOPIC...}: creates the topics that do not exist yet.
 * The local broker refuses to create topics on first use (a typo must not create one), so the
 * platform creates its topics on purpose here.
 */
public final class TopicSetup {
    private TopicSetup() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TopicSetup BOOTSTRAP PARTITIONS TOPIC...");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        List<String> wanted = Arrays.asList(args).subList(2, args.length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) admin.createTopics(missing).all().get();
            System.out.println("topics: " + (missing.isEmpty() ? "all " + wanted.size() + " present"
                    : "created " + missing.stream().map(NewTopic::name).toList()));
        }
    }
}
