package cn.binjiang.union.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import cn.binjiang.union.dashboards.ConsoleStack;
import cn.binjiang.union.dashboards.HostileConsoleInputs;
import cn.binjiang.union.dashboards.HostileConsoleInputs.Audience;
import cn.binjiang.union.dashboards.HostileConsoleInputs.Hostile;
import cn.binjiang.union.dashboards.api.RequestRefused;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's guard alone, its lexer step, ClickHouse's parse and {@link ConsolePolicy}, on the console's own
 * ClickHouse user: every hostile input ({@link HostileConsoleInputs}: the reproducers, the inputs built from
 * ClickHouse's grammar and its disguises, every table function and system table of the engine) gets its refusal,
 * status and reason, from the guard itself before anything runs, as an analyst and as a street officer as its
 * audience says; the inputs that only look hostile, and those stopped by the engine's limits while running, pass
 * it. {@code ConsoleSecurityIT} sends the same inputs over HTTP and checks what comes back.
 */
class ConsoleGuardIT {
    @TempDir
    static Path files;

    static Connection connection;
    static HostileConsoleInputs inputs;
    static final ConsoleGuard guard = new ConsoleGuard();

    @BeforeAll
    static void start() throws Exception {
        ConsoleStack stack = ConsoleStack.shared();
        String database = stack.freshDatabase("console_guard", "");
        connection = stack.connect(database, "console", "console");
        inputs = new HostileConsoleInputs(
                database, files.resolve("probe.txt"), files.resolve("outfile.tsv"), stack.httpUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) connection.close();
    }

    @TestFactory
    Stream<DynamicTest> everyHostileInputGetsItsAnswerFromTheGuardItself() throws Exception {
        List<Hostile> all = new ArrayList<>(inputs.reproducers());
        all.addAll(inputs.grammar());
        all.addAll(inputs.tableFunctions(column("SELECT name FROM system.table_functions ORDER BY name")));
        all.addAll(
                inputs.systemTables(column("SELECT name FROM system.tables WHERE database = 'system' ORDER BY name")));
        assertThat(all.stream().filter(Hostile::refusedUnrun)).hasSizeGreaterThan(600);
        return all.stream()
                .flatMap(h -> Stream.of(Optional.<String>empty(), Optional.of("xixing"))
                        .filter(street -> street.isEmpty()
                                ? h.audience() != Audience.OFFICERS
                                : h.audience() != Audience.ANALYSTS)
                        .map(street -> DynamicTest.dynamicTest(
                                street.orElse("analyst") + ": " + h.sql().replace("\n", "\\n"),
                                () -> answer(h, street))));
    }

    private static void answer(Hostile h, Optional<String> street) {
        EngineParser engine = EngineParser.on(connection);
        if (!h.refusedUnrun()) {
            assertThatCode(() -> guard.check(h.sql(), street, engine)).doesNotThrowAnyException();
            return;
        }
        Throwable refused = catchThrowable(() -> guard.check(h.sql(), street, engine));
        assertThat(refused).as(h.sql()).isInstanceOf(RequestRefused.class);
        assertThat(((RequestRefused) refused).status()).as(refused.getMessage()).isEqualTo(h.status());
        assertThat(refused.getMessage()).contains(h.expected());
    }

    private static List<String> column(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) values.add(rs.getString(1));
        }
        return values;
    }
}
