package cn.binjiang.union.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsReaderTest {

    @Test
    void argumentsOverrideTheFileAndSecretsFromTheEnvironmentOverrideBoth(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: broker-1:9092
                  group-id: from-file
                clickhouse.password: from-file
                """);

        Map<String, String> settings = SettingsReader.read(
                new String[] {"--kafka.group-id", "from-args", "--config", file.toString()},
                Map.of("CH_SECRET", "from-env", "UNRELATED", "x"),
                Map.of("CH_SECRET", "clickhouse.password"));

        assertThat(settings)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "kafka.bootstrap-servers", "broker-1:9092",
                        "kafka.group-id", "from-args",
                        "clickhouse.password", "from-env"));
    }

    @Test
    void anArgumentWithoutValueAndAnUnreadableFileAreNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> SettingsReader.read(new String[] {"--port"}, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("argument '--port': settings are given as --key value");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> SettingsReader.read(new String[] {"--config", missing.toString()}, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(missing + ": cannot read: ");
    }

    @Test
    void aFileThatIsNotAMapIsRefused(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");

        assertThatThrownBy(() -> SettingsReader.read(new String[] {"--config", list.toString()}, Map.of(), Map.of()))
                .hasMessage(list + ": expected a map of settings");
    }

    @Test
    void aKeyGivenTwiceAndAListWhereAValueBelongsAreNamedWithTheirPath(@TempDir Path dir) throws IOException {
        Path twice = Files.writeString(dir.resolve("twice.yaml"), "kafka:\n  group-id: a\n  group-id: b\n");
        Path list = Files.writeString(dir.resolve("list.yaml"), "kafka:\n  topics: [a, b]\n");

        assertThatThrownBy(() -> SettingsReader.read(new String[] {"--config", twice.toString()}, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(twice + ": not valid YAML at line 3, column ")
                .hasMessageContaining("Duplicate field 'group-id'");
        assertThatThrownBy(() -> SettingsReader.read(new String[] {"--config", list.toString()}, Map.of(), Map.of()))
                .hasMessage(list + ": kafka.topics: expected a non-blank value, got a list");
    }
}
