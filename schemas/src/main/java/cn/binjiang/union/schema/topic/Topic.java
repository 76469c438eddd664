package cn.binjiang.union.schema.topic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

/**
 * The platform's Kafka topics. Their names are in {@code kafka/topics.properties} (a resource of this
 * module, {@code schemas/src/main/resources/kafka/topics.properties}), which {@code ./platform} reads
 * too when it creates the topics: a topic is renamed there, once, and its retention is set there. Each job puts its {@code
 * kafka.topic-prefix} before the name ({@link #withPrefix}).
 *
 * <p>The five event topics carry the Avro events of {@link cn.binjiang.union.schema.EventStream} (a
 * stream's name is its topic's); the three outputs and {@code kpi-rebuilds} carry JSON (schemas/README.md, "The JSON
 * topics").
 */
public enum Topic {
    ENROLLMENT,
    TRAINING,
    COMPETITION,
    AID,
    LEGAL,
    KPI_UPDATES,
    DEAD_LETTER,
    ALERTS,
    KPI_REBUILDS;

    static final String FILE = "/kafka/topics.properties";

    private final String topicName;
    private final Duration retention;

    Topic() {
        this.topicName = Names.FILE_CONTENT.getProperty(name());
        if (topicName == null || topicName.isBlank()) {
            throw new IllegalStateException(FILE + " names no topic for " + name());
        }
        String days = Names.FILE_CONTENT.getProperty(name() + ".retention.days", "");
        if (!days.matches("[1-9][0-9]*")) {
            throw new IllegalStateException(
                    FILE + ": " + name() + ".retention.days must be a number of days, not '" + days + "'");
        }
        this.retention = Duration.ofDays(Long.parseLong(days));
    }

    /** How long Kafka keeps the topic's records ({@code retention.ms}, which {@code ./platform up} sets). */
    public Duration retention() {
        return retention;
    }

    /** The topic's name without a prefix, e.g. {@code kpi-updates} (not {@link #name()}, the constant's). */
    public String topicName() {
        return topicName;
    }

    /** The topic's name after a job's {@code kafka.topic-prefix}. */
    public String withPrefix(String prefix) {
        return prefix + topicName;
    }

    /** The file, read once before the first constant is built (an enum's own static fields come after its constants). */
    static final class Names {
        static final Properties FILE_CONTENT = load();

        private Names() {}

        private static Properties load() {
            try (InputStream in = Topic.class.getResourceAsStream(FILE)) {
                if (in == null) throw new IllegalStateException(FILE + " is not on the classpath");
                Properties names = new Properties();
                names.load(in);
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + FILE, e);
            }
        }
    }
}
