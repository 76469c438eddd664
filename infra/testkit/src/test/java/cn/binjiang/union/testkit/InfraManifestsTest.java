package cn.binjiang.union.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Docker and Kubernetes files cannot run on these machines; this keeps them valid and complete. That each
 * entry class has a {@code main} and takes the arguments given is checked beside the jobs ({@code DeploymentManifestsTest}).
 */
class InfraManifestsTest {
    private static final Path INFRA = Path.of("..").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void composeFileDefinesTheWholeStackWithOfficialImages() throws IOException {
        JsonNode compose = YAML.readTree(INFRA.resolve("docker-compose.yml").toFile());

        JsonNode services = compose.path("services");
        assertThat(services.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kafka", "clickhouse", "flink-jobmanager", "flink-taskmanager");
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:4.2");
        assertThat(services.path("clickhouse").path("image").asText()).startsWith("clickhouse/clickhouse-server:");
        assertThat(services.path("flink-jobmanager").path("image").asText()).startsWith("flink:2.2");
        assertThat(services.path("kafka").path("ports").get(0).asText()).isEqualTo("9092:9092");
        assertThat(services.path("clickhouse").path("ports").get(0).asText()).isEqualTo("8123:8123");
    }

    @Test
    void kubernetesManifestsAreFlinkDeploymentsOfTheJobsAndTheirSecret() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(INFRA.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    docs.addAll(it.readAll());
                }
            }
        }

        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("FlinkDeployment", "FlinkDeployment", "Secret");
        assertThat(docs).filteredOn(d -> d.path("kind").asText().equals("FlinkDeployment"))
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
}
