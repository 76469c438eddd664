package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.topic.Topic;
import java.nio.file.Files;
import java.time.Duration;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ./platform pointed at a Kafka and a ClickHouse that run elsewhere (KAFKA_BOOTSTRAP_SERVERS, CLICKHOUSE_URL):
 * here another stack's, started by ./platform up in a home of its own. The pointed stack starts neither, runs
 * the KPI job and the dashboard against them, and leaves them running when it goes down.
 */
class ExternalServicesIT {
    private static LocalStack services;
    private static LocalStack pointed;

    @BeforeAll
    static void servicesUpElsewhere() throws Exception {
        services = new LocalStack();
        services.ok("up");
        pointed = new LocalStack()
                .with("KAFKA_BOOTSTRAP_SERVERS", services.kafkaBootstrap())
                .with("CLICKHOUSE_URL", services.clickhouseJdbcUrl());
    }

    @AfterAll
    static void down() throws Exception {
        if (pointed != null) pointed.platform("down");
        if (services != null) services.platform("down");
    }

    @Test
    void upStartsNoKafkaOrClickHouseAndTheJobAndDashboardUseTheOnesNamed() throws Exception {
        String up = pointed.ok("up");
        assertThat(up)
                .contains("kafka: external, " + services.kafkaBootstrap())
                .contains("clickhouse: external, http://127.0.0.1:" + services.clickhousePort)
                .contains("topics: all " + Topic.values().length + " present")
                .contains("migrations: up to date");
        assertThat(LocalStack.listening(pointed.kafkaPort))
                .as("a Kafka of its own")
                .isFalse();
        assertThat(LocalStack.listening(pointed.clickhousePort))
                .as("a ClickHouse of its own")
                .isFalse();
        assertThat(Files.exists(pointed.home.resolve("run/kafka.pid"))).isFalse();
        assertThat(pointed.ok("status")).containsPattern("kafka\\s+external").containsPattern("clickhouse\\s+external");

        pointed.ok("job", "start");
        pointed.ok("dashboard", "start");
        SentEvents sent = new SentEvents(7);
        sent.send(services.kafkaBootstrap(), YearMonth.of(2022, 1), YearMonth.of(2022, 1), 30_000);
        KpiStore store = new KpiStore(services.clickhouseJdbcUrl());
        store.awaitRead(services.kafkaBootstrap(), sent, Duration.ofMinutes(3));
        store.awaitSettled();
        store.assertExactlyWhatWasSent(sent);
        assertThat(pointed.ok("sql", "SELECT count() FROM enrollment_events FINAL"))
                .contains(String.valueOf(sent.acceptedPerStream().get("enrollment")));

        assertThat(pointed.ok("down")).contains("kafka: external").contains("left running");
        assertThat(LocalStack.listening(services.kafkaPort))
                .as("the other stack's Kafka after down")
                .isTrue();
        assertThat(LocalStack.listening(services.clickhousePort))
                .as("the other stack's ClickHouse after down")
                .isTrue();
    }
}
