package cn.binjiang.union.jobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.sink.clickhouse.CapturedLog;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

class KafkaReachabilityTest {
    @Test
    void twoOutagesOfSeveralFailedChecksAreOneWarningAndOneRecoveryEachAndTheChecksBetweenOnlyDebug() throws Exception {
        Deque<Boolean> answers = new ArrayDeque<>(List.of(true, false, false, false, true, true, false, false, true));
        KafkaReachability.Probe probe = () -> {
            if (!answers.removeFirst())
                throw new RuntimeException(
                        "describeCluster failed", new TimeoutException("Timed out waiting for a node assignment"));
        };
        try (CapturedLog log = CapturedLog.of(KafkaReachability.class.getName());
                KafkaReachability watcher = new KafkaReachability("localhost:29092", probe, () -> {})) {
            while (!answers.isEmpty()) watcher.check();

            assertThat(log.at(Level.WARN))
                    .containsExactly(
                            "WARN Kafka unreachable: localhost:29092 does not answer (TimeoutException: Timed out waiting for a node assignment);"
                                    + " the job's consumers and producers keep retrying, its sources and sinks wait meanwhile",
                            "WARN Kafka unreachable: localhost:29092 does not answer (TimeoutException: Timed out waiting for a node assignment);"
                                    + " the job's consumers and producers keep retrying, its sources and sinks wait meanwhile");
            assertThat(log.at(Level.INFO)).hasSize(2);
            assertThat(log.at(Level.INFO).get(0))
                    .matches(
                            "INFO Kafka recovered: localhost:29092 answers again after \\d+\\.\\d s and 3 failed checks");
            assertThat(log.at(Level.INFO).get(1))
                    .matches(
                            "INFO Kafka recovered: localhost:29092 answers again after \\d+\\.\\d s and 2 failed checks");
            assertThat(log.at(Level.DEBUG)).hasSize(3);
        }
    }
}
