package cn.binjiang.union.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicTest {
    /**
     * What ./platform parses: a comment, KEY=name, or KEY.retention.days=N, with nothing else on the line.
     */
    private static final Pattern LINE =
            Pattern.compile("#.*|([A-Z_]+)=([a-z][a-z0-9-]*)|([A-Z_]+)\\.retention\\.days=[1-9][0-9]*");

    @Test
    void theFileNamesEveryTopicOnceAndItsRetentionInTheFormThePlatformScriptReads() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/main/resources" + Topic.FILE), StandardCharsets.UTF_8);
        assertThat(lines).allMatch(line -> LINE.matcher(line).matches());
        List<String> keys = lines.stream()
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.split("=")[0])
                .toList();
        List<String> topics = Arrays.stream(Topic.values()).map(Topic::name).toList();
        assertThat(keys.stream().filter(k -> !k.contains(".")).toList()).containsExactlyElementsOf(topics);
        assertThat(keys.stream().filter(k -> k.contains(".")).toList())
                .containsExactlyElementsOf(
                        topics.stream().map(t -> t + ".retention.days").toList());
    }

    @Test
    void theEventTopicsKeepAMonthPastTheLateHorizonAndTheOthersAWeek() {
        for (EventStream s : EventStream.all())
            assertThat(Topic.valueOf(s.name().toUpperCase(Locale.ROOT)).retention())
                    .isEqualTo(Duration.ofDays(30));
        assertThat(List.of(Topic.KPI_UPDATES, Topic.DEAD_LETTER, Topic.ALERTS, Topic.KPI_REBUILDS))
                .extracting(Topic::retention)
                .containsOnly(Duration.ofDays(7));
    }

    @Test
    void theEventTopicsAreTheStreamsNamesAndTheOutputsTheirOwn() {
        assertThat(EventStream.all())
                .extracting(EventStream::name)
                .containsExactly("enrollment", "training", "competition", "aid", "legal");
        assertThat(Topic.KPI_UPDATES.topicName()).isEqualTo("kpi-updates");
        assertThat(Topic.DEAD_LETTER.withPrefix("bench-1-")).isEqualTo("bench-1-dead-letter");
        assertThat(Topic.ALERTS.topicName()).isEqualTo("alerts");
    }
}
