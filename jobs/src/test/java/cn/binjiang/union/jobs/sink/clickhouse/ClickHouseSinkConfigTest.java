package cn.binjiang.union.jobs.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClickHouseSinkConfigTest {
    private static final String URL = "jdbc:clickhouse://localhost:8123/default";

    @Test
    void defaultsBatchTenThousandRowsFlushWithinHalfASecondAndBackOffFrom100MsTo5SForever() {
        ClickHouseSinkConfig config =
                ClickHouseSinkConfig.builder().jdbcUrl(URL).build();

        assertThat(config.jdbcUrl()).isEqualTo(URL);
        assertThat(config.user()).isEqualTo("default");
        assertThat(config.password()).isEmpty();
        assertThat(config.batchSize()).isEqualTo(10_000);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.minBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retryTimeout()).isEmpty();
    }

    @Test
    void toStringHidesThePassword() {
        ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
                .jdbcUrl(URL)
                .user("writer")
                .password("s3cret")
                .build();

        assertThat(config.toString()).doesNotContain("s3cret").contains("password=***", "user=writer");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("missing jdbcUrl", b -> b.jdbcUrl(null), "ClickHouse sink: jdbcUrl is missing"),
                bad("blank jdbcUrl", b -> b.jdbcUrl(" "), "ClickHouse sink: jdbcUrl is missing"),
                bad(
                        "jdbcUrl of another database",
                        b -> b.jdbcUrl("jdbc:postgresql://x/y"),
                        "ClickHouse sink: jdbcUrl must start with jdbc:clickhouse: or jdbc:ch:, was jdbc:postgresql://x/y"),
                bad("blank user", b -> b.user(""), "ClickHouse sink: user is missing"),
                bad("null password", b -> b.password(null), "ClickHouse sink: password is missing"),
                bad("batchSize 0", b -> b.batchSize(0), "ClickHouse sink: batchSize must be at least 1, was 0"),
                bad(
                        "zero flushInterval",
                        b -> b.flushInterval(Duration.ZERO),
                        "ClickHouse sink: flushInterval must be positive, was PT0S"),
                bad("missing flushInterval", b -> b.flushInterval(null), "ClickHouse sink: flushInterval is missing"),
                bad(
                        "negative minBackoff",
                        b -> b.minBackoff(Duration.ofMillis(-1)),
                        "ClickHouse sink: minBackoff must be positive, was PT-0.001S"),
                bad(
                        "zero maxBackoff",
                        b -> b.maxBackoff(Duration.ZERO),
                        "ClickHouse sink: maxBackoff must be positive, was PT0S"),
                bad(
                        "maxBackoff below minBackoff",
                        b -> b.minBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)),
                        "ClickHouse sink: maxBackoff (PT1S) must not be less than minBackoff (PT2S)"),
                bad(
                        "zero retryTimeout",
                        b -> b.retryTimeout(Duration.ZERO),
                        "ClickHouse sink: retryTimeout must be positive, was PT0S"),
                bad(
                        "zero requestTimeout",
                        b -> b.requestTimeout(Duration.ZERO),
                        "ClickHouse sink: requestTimeout must be positive, was PT0S"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueFailsTheBuildNamingItsKey(
            String scenario, UnaryOperator<ClickHouseSinkConfig.Builder> change, String message) {
        ClickHouseSinkConfig.Builder builder =
                change.apply(ClickHouseSinkConfig.builder().jdbcUrl(URL));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    private static Arguments bad(String scenario, UnaryOperator<ClickHouseSinkConfig.Builder> change, String message) {
        return Arguments.of(scenario, change, message);
    }
}
