package cn.binjiang.union.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Docker Compose file cannot run on these machines; this keeps it valid and complete. The Kubernetes
 * manifests are checked beside the jobs, whose classes they name ({@code DeploymentManifestsTest} in jobs).
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
}
