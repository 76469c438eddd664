package cn.binjiang.union.jobs.kpi.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything a KPI job integration test reads back to look for resident IDs that got out: every
 * String column of the fixture's database with the rejected payloads decoded, the records of an
 * output topic with the dead letters' payloads decoded, and the test log.
 */
final class LeakScan {
    static final Path TEST_LOG = Path.of("target/logs/jobs-it.log");
    private static final Pattern PAYLOAD = Pattern.compile("\"payload_base64\":\"([^\"]*)\"");

    private LeakScan() {}

    /**
     * The values of a topic of the fixture, read from the beginning: at least {@code expected} of
     * them, and then whatever arrives until the topic has been quiet for {@code quiet}.
     */
    static List<String> topicValues(KpiJobFixture fixture, String topic, int expected, Duration quiet) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        fixture.bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        fixture.prefix + topic + "-scan",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(fixture.prefix + topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline
                    && (values.size() < expected || System.nanoTime() - quietSince < quiet.toNanos())) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                    quietSince = System.nanoTime();
                }
            }
        }
        return values;
    }

    /** The texts, plus the decoded bytes of every base64 payload in them: a masked ID must stay masked there too. */
    static List<String> withPayloads(List<String> texts) {
        List<String> all = new ArrayList<>(texts);
        for (String text : texts) {
            Matcher m = PAYLOAD.matcher(text);
            while (m.find()) all.add(decoded(m.group(1)));
        }
        return all;
    }

    /**
     * The distinct values of every String column of every table of the fixture's database, and the rejected payloads
     * decoded.
     */
    static List<String> allStringValues(KpiJobFixture fixture) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = fixture.clickhouse.connect(fixture.database);
                Statement s = c.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT table, name FROM system.columns WHERE database = currentDatabase()"
                            + " AND type LIKE '%String%'")) {
                while (rs.next()) columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            for (String[] col : columns) {
                try (ResultSet rs =
                        s.executeQuery("SELECT DISTINCT toString(`" + col[1] + "`) FROM `" + col[0] + "`")) {
                    while (rs.next()) values.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT payload_base64 FROM rejected_events")) {
                while (rs.next()) values.add(decoded(rs.getString(1)));
            }
        }
        return values;
    }

    static String testLog() throws Exception {
        return Files.readString(TEST_LOG);
    }

    /** Bytes as one char each, so that an ID in binary (a payload that does not decode) reads as in text. */
    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.ISO_8859_1);
    }
}
