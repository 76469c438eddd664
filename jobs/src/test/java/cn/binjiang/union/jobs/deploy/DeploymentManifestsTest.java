package cn.binjiang.union.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.alerts.config.AlertJobOptions;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
 * The Flink Kubernetes Operator's deployments in infra/k8s cannot run on these machines; this keeps them valid
 * and complete, and true to the jobs: each entry class exists and has a {@code main}, and each argument is
 * {@code --config FILE} or {@code --key value} with a key of that job's options (issue 17: the manifests named
 * classes without a main). Beside the jobs because it loads their classes.
 */
class DeploymentManifestsTest {
    private static final Path K8S = Path.of("..", "infra", "k8s");
    /** The options class of each job, by its entry class. */
    private static final Map<String, Class<?>> OPTIONS = Map.of(
            "cn.binjiang.union.jobs.kpi.KpiJobMain", KpiJobOptions.class,
            "cn.binjiang.union.jobs.alerts.AlertJobMain", AlertJobOptions.class);

    @Test
    void kubernetesManifestsAreFlinkDeploymentsOfTheJobsAndTheirSecret() throws Exception {
        List<JsonNode> docs = manifests();
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("FlinkDeployment", "FlinkDeployment", "Secret");
        assertThat(flinkDeployments(docs))
                .allSatisfy(d -> {
                    assertThat(d.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
                    assertThat(d.path("spec").path("flinkVersion").asText()).isEqualTo("v2_2");
                    assertThat(d.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
                    assertThat(d.path("spec").path("flinkConfiguration").path("execution.checkpointing.mode").asText())
                            .isEqualTo("EXACTLY_ONCE");
                })
                .extracting(d -> d.path("spec").path("job").path("entryClass").asText())
                .containsExactlyInAnyOrder("cn.binjiang.union.jobs.kpi.KpiJobMain", "cn.binjiang.union.jobs.alerts.AlertJobMain");
    }

    @Test
    void everyFlinkDeploymentStartsAJobMainWithArgumentsItAccepts() throws Exception {
        for (JsonNode deployment : flinkDeployments(manifests())) {
            JsonNode job = deployment.path("spec").path("job");
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

    /** Every document of every manifest file. */
    private static List<JsonNode> manifests() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                    docs.addAll(it.readAll());
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> flinkDeployments(List<JsonNode> docs) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment")).toList();
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
