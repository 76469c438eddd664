package cn.binjiang.union.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.alerts.config.AlertJobOptions;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The Flink Kubernetes Operator's deployments in infra/k8s start the jobs as written: each entry class exists
 * and has a {@code main}, and each argument is {@code --config FILE} or {@code --key value} with a key of that
 * job's options (issue 17: the manifests named classes without a main).
 */
class DeploymentManifestsTest {
    private static final Path K8S = Path.of("..", "infra", "k8s");
    /** The options class of each job, by its entry class. */
    private static final Map<String, Class<?>> OPTIONS = Map.of(
            "cn.binjiang.union.jobs.kpi.KpiJobMain", KpiJobOptions.class,
            "cn.binjiang.union.jobs.alerts.AlertJobMain", AlertJobOptions.class);

    @Test
    void everyFlinkDeploymentStartsAJobMainWithArgumentsItAccepts() throws Exception {
        List<JsonNode> jobs = flinkDeployments();
        assertThat(jobs).as("FlinkDeployments in " + K8S).hasSize(2);
        for (JsonNode job : jobs) {
            String entryClass = job.path("entryClass").asText();
            Method main = Class.forName(entryClass).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers())).as(entryClass + ".main").isTrue();
            assertThat(OPTIONS).as("a job of this project").containsKey(entryClass);
            Set<String> keys = optionKeys(OPTIONS.get(entryClass));
            List<String> args = new ArrayList<>();
            job.path("args").forEach(a -> args.add(a.asText()));
            assertThat(args.size() % 2).as(entryClass + " args " + args + " come as --key value pairs").isZero();
            for (int i = 0; i < args.size(); i += 2) {
                assertThat(args.get(i)).as(entryClass + " argument").startsWith("--");
                String key = args.get(i).substring(2);
                assertThat(key.equals("config") || keys.contains(key)).as(entryClass + " accepts --" + key).isTrue();
            }
        }
    }

    private static List<JsonNode> flinkDeployments() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> jobs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> manifests = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                    for (JsonNode manifest : manifests.readAll()) {
                        if ("FlinkDeployment".equals(manifest.path("kind").asText())) {
                            jobs.add(manifest.path("spec").path("job"));
                        }
                    }
                }
            }
        }
        return jobs;
    }

    private static Set<String> optionKeys(Class<?> options) throws IllegalAccessException {
        Set<String> keys = new HashSet<>();
        for (Field field : options.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                keys.add(((ConfigOption<?>) field.get(null)).key());
            }
        }
        return keys;
    }
}
