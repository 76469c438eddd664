package cn.binjiang.union.jobs.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheMinimumAndStaysAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

        long[] delays =
                LongStream.range(0, 9).map(i -> backoff.nextDelayMillis()).toArray();

        assertThat(delays).containsExactly(100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000);
    }
}
