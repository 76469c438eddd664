package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.kpi.KpiJobMain;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.truth.GroundTruth;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Each KPI change is published on kpi-updates: per cell, the update with the highest version carries the true total.
 */
class KpiUpdatesTopicIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNewestUpdateOfEveryCellCarriesItsTotal() throws Exception {
        // configure
        List<RosterEnterprise> roster = EnterpriseRoster.generate(5, 100);
        try (KpiJobFixture fixture = new KpiJobFixture("updates", roster)) {
            Configuration config = fixture.config();
            JobClient job = fixture.start(config, KpiJobMain.sinks(config));
            try {
                // produce
                GroundTruth truth = new GroundTruth();
                for (SpecificRecordBase e : new RandomEvents(5, roster)
                        .between(Instant.parse("2022-03-01T00:00:00Z"), Instant.parse("2022-03-08T00:00:00Z"), 300)) {
                    fixture.send(e);
                    truth.add(e);
                }
                fixture.flush();

                // verify
                Map<String, Long> expected = truth.cells();
                Map<String, long[]> newest = new HashMap<>();
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                fixture.bootstrap,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "updates-check",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
                    consumer.subscribe(List.of(fixture.prefix + "kpi-updates"));
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (System.nanoTime() < deadline
                            && !KpiJobFixture.differences(expected, values(newest), 1)
                                    .isEmpty()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                            JsonNode u = JSON.readTree(r.value());
                            String key = String.join(
                                    "|",
                                    u.get("kpi_id").asText(),
                                    u.get("grain").asText(),
                                    u.get("bucket").asText(),
                                    u.get("street").asText(),
                                    u.get("industry").asText(),
                                    u.get("employment_form").asText(),
                                    u.get("category").asText());
                            long version = u.get("version").asLong();
                            long value = u.get("value")
                                    .decimalValue()
                                    .movePointRight(2)
                                    .longValueExact();
                            newest.merge(key, new long[] {version, value}, (a, b) -> b[0] > a[0] ? b : a);
                        }
                    }
                }
                assertThat(KpiJobFixture.differences(expected, values(newest), 20))
                        .isEmpty();
            } finally {
                job.cancel().get();
            }
        }
    }

    private static Map<String, Long> values(Map<String, long[]> newest) {
        Map<String, Long> values = new HashMap<>();
        newest.forEach((k, v) -> values.put(k, v[1]));
        return values;
    }
}
