package cn.binjiang.union.bench;

import cn.binjiang.union.bench.load.LoadRows;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./platform bench} asks for: the sizes of the run and where the stack and the
 * services' classpaths are. The script passes the locations; a person passes the sizes.
 *
 * @param events events preloaded for the ceiling and the throughput run (and stored for the query run)
 * @param freshnessRate events per second sent while freshness is measured
 * @param freshnessSeconds how long they are sent
 * @param queryRounds requests per cockpit panel
 * @param loadClients clients of the store load test, each with one request at a time
 * @param loadSeconds how long they send
 * @param jobSettings KPI job settings over its config file ({@code --job key=value}, repeatable): to compare settings
 * @param stackPids the stack's services on this machine ({@code --stack-pid name=pid}, repeatable): their CPU is
 * reported
 */
public record BenchOptions(
        boolean quick,
        long events,
        int freshnessRate,
        int freshnessSeconds,
        int queryRounds,
        int loadClients,
        int loadSeconds,
        boolean keep,
        String bootstrap,
        String clickhouseHost,
        int clickhousePort,
        String jobClasspath,
        Path jobConfig,
        Path jobLog4j,
        String dashboardClasspath,
        Path dashboardConfig,
        String clickhouseClasspath,
        Path workDir,
        Path outDir,
        Map<String, String> jobSettings,
        Map<String, Long> stackPids) {

    static final String USAGE = """
            usage: BenchMain [--quick] [--events N] [--freshness-rate EPS] [--freshness-seconds S] [--query-rounds R]
                   [--load-clients N] [--load-seconds S] [--keep]
                   [--job KEY=VALUE ...] [--stack-pid NAME=PID ...]
                   --bootstrap HOST:PORT --clickhouse HOST:PORT --job-classpath CP --job-config FILE --job-log4j FILE
                   --dashboard-classpath CP --dashboard-config FILE --clickhouse-classpath CP --work DIR --out DIR""";

    private static final List<String> FLAGS = List.of("--quick", "--keep");

    /** The load: 64 clients for five minutes (--quick one). */
    public static final int LOAD_CLIENTS = 64;

    public static int loadSeconds(boolean quick) {
        return quick ? 60 : 300;
    }

    /** @throws ConfigurationException naming the argument that is wrong or missing */
    public static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        Map<String, String> jobSettings = new LinkedHashMap<>();
        Map<String, Long> stackPids = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--job") && i + 1 < args.length) {
                String[] setting = keyValue(key, args[++i]);
                jobSettings.put(setting[0], setting[1]);
            } else if (key.equals("--stack-pid") && i + 1 < args.length) {
                String[] service = keyValue(key, args[++i]);
                try {
                    stackPids.put(service[0], Long.parseLong(service[1]));
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(
                            "--stack-pid: expected NAME=PID, got '" + service[0] + "=" + service[1] + "'");
                }
            } else if (FLAGS.contains(key)) {
                given.put(key, "true");
            } else if (key.startsWith("--") && i + 1 < args.length) {
                given.put(key, args[++i]);
            } else {
                throw new ConfigurationException("unexpected argument '" + key + "'");
            }
        }
        Arguments a = new Arguments(given);
        boolean quick = a.flag("--quick");
        String clickhouse = a.required("--clickhouse");
        BenchOptions options = new BenchOptions(
                quick,
                a.number("--events", quick ? 1_000_000 : 10_000_000, 10_000),
                (int) a.number("--freshness-rate", 20_000, 1),
                (int) a.number("--freshness-seconds", quick ? 15 : 60, 5),
                (int) a.number("--query-rounds", quick ? 30 : 200, 5),
                (int) a.number("--load-clients", LOAD_CLIENTS, 1, LoadRows.MAX_CLIENTS),
                (int) a.number("--load-seconds", loadSeconds(quick), 5),
                a.flag("--keep"),
                a.required("--bootstrap"),
                hostOf(clickhouse),
                portOf(clickhouse),
                a.required("--job-classpath"),
                Path.of(a.required("--job-config")),
                Path.of(a.required("--job-log4j")),
                a.required("--dashboard-classpath"),
                Path.of(a.required("--dashboard-config")),
                a.required("--clickhouse-classpath"),
                Path.of(a.required("--work")),
                Path.of(a.required("--out")),
                Map.copyOf(jobSettings),
                Collections.unmodifiableMap(stackPids));
        a.refuseUnknown();
        return options;
    }

    private static String[] keyValue(String option, String given) {
        int equals = given.indexOf('=');
        if (equals <= 0) throw new ConfigurationException(option + ": expected KEY=VALUE, got '" + given + "'");
        return new String[] {given.substring(0, equals), given.substring(equals + 1)};
    }

    /** JDBC URL of a database on the stack's ClickHouse. */
    /** ClickHouse's HTTP interface, for what the benchmark sends as raw bytes (RowBinary batches). */
    public String httpUrl() {
        return "http://" + clickhouseHost + ":" + clickhousePort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://" + clickhouseHost + ":" + clickhousePort + "/" + database;
    }

    private static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new ConfigurationException("--clickhouse: expected HOST:PORT, got '" + hostPort + "'");
        return hostPort.substring(0, colon);
    }

    private static int portOf(String hostPort) {
        try {
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("--clickhouse: expected HOST:PORT, got '" + hostPort + "'");
        }
    }

    /** The given arguments, each taken once; what is left over is a typo. */
    private static final class Arguments {
        private final Map<String, String> given;

        Arguments(Map<String, String> given) {
            this.given = given;
        }

        boolean flag(String key) {
            return given.remove(key) != null;
        }

        String required(String key) {
            String value = given.remove(key);
            if (value == null || value.isBlank()) throw new ConfigurationException(key + " is required");
            return value;
        }

        long number(String key, long fallback, long min) {
            return number(key, fallback, min, Long.MAX_VALUE);
        }

        long number(String key, long fallback, long min, long max) {
            String value = given.remove(key);
            if (value == null) return fallback;
            try {
                long parsed = Long.parseLong(value.replace("_", ""));
                if (parsed < min) throw new ConfigurationException(key + ": at least " + min + ", got " + parsed);
                if (parsed > max) throw new ConfigurationException(key + ": at most " + max + ", got " + parsed);
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigurationException(key + ": expected a whole number, got '" + value + "'");
            }
        }

        void refuseUnknown() {
            if (!given.isEmpty())
                throw new ConfigurationException(
                        "unknown option " + given.keySet().iterator().next());
        }
    }
}
