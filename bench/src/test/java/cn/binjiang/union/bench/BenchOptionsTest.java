package cn.binjiang.union.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.bench.load.LoadRows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    /** What ./platform passes, and then {@code given}. */
    private static BenchOptions parse(String... given) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap",
                "localhost:1",
                "--clickhouse",
                "127.0.0.1:2",
                "--job-classpath",
                "j",
                "--job-config",
                "c.yaml",
                "--job-log4j",
                "l.properties",
                "--dashboard-classpath",
                "d",
                "--dashboard-config",
                "d.yaml",
                "--clickhouse-classpath",
                "ch",
                "--work",
                "w",
                "--out",
                "o"));
        args.addAll(List.of(given));
        return BenchOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void theStoreLoadIs64ClientsForFiveMinutesOrOneWithQuick() {
        assertThat(parse().loadClients()).isEqualTo(64);
        assertThat(parse().loadSeconds()).isEqualTo(300);
        assertThat(parse("--quick").loadSeconds()).isEqualTo(60);
    }

    @Test
    void theStoreLoadCanBeSizedAndIsBoundedByTheIdsClients() {
        BenchOptions options = parse("--load-clients", "8", "--load-seconds", "30");

        assertThat(options.loadClients()).isEqualTo(8);
        assertThat(options.loadSeconds()).isEqualTo(30);
        assertThatThrownBy(() -> parse("--load-clients", Integer.toString(LoadRows.MAX_CLIENTS + 1)))
                .hasMessage("--load-clients: at most 65536, got 65537");
        assertThatThrownBy(() -> parse("--load-seconds", "1")).hasMessage("--load-seconds: at least 5, got 1");
    }
}
