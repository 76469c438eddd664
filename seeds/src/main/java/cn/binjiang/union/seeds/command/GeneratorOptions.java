package cn.binjiang.union.seeds.command;

import cn.binjiang.union.seeds.scenario.BinjiangScenario;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.Endpoints;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ./platform generate} was asked for. Parsed and checked in one place: a bad
 * option stops the generator before it sends anything, naming the option.
 *
 * @param rate events per second, or 0 for as fast as the broker takes them ({@code --speed max}); live load only
 * @param durationSeconds how long a live load runs; infinite for {@code --duration forever} (until the process is
 *     stopped: the demo's trickle)
 * @param scenario a scenario replayed instead of a live load ({@code --scenario binjiang-2022})
 * @param speed how many times faster than real time the scenario's event time runs; infinite for {@code --speed max}
 * @param clickhouse JDBC URL of the ClickHouse the KPI job writes to, where {@code --wait} looks for what it sent
 */
public record GeneratorOptions(
        long seed,
        double rate,
        double durationSeconds,
        Optional<String> scenario,
        double speed,
        double badRatio,
        double lateRatio,
        double duplicateRatio,
        boolean waitForJob,
        String bootstrap,
        String jobGroup,
        String clickhouse,
        Optional<Path> expectedJson) {

    static final String USAGE = """
            usage: generate [--seed N] [--rate EPS | --speed max] [--duration S|forever] [--bad-ratio R] [--late-ratio R]
                            [--duplicate-ratio R] [--expected-json FILE] [--wait] [--bootstrap HOST:PORT] [--clickhouse JDBC_URL]
                   generate --scenario binjiang-2022 [--seed N] [--speed N|max] [--bad-ratio R] [--duplicate-ratio R]
                            [--expected-json FILE] [--wait] [--bootstrap HOST:PORT] [--clickhouse JDBC_URL]""";

    public static GeneratorOptions parse(String[] args) {
        long seed = 1;
        double rate = 1_000;
        double duration = 10;
        Optional<String> scenario = Optional.empty();
        double speed = 0;
        boolean liveOnly = false;
        double bad = 0;
        double late = 0;
        double duplicate = 0;
        boolean wait = false;
        String bootstrap = Endpoints.KAFKA_BOOTSTRAP;
        String clickhouse = Endpoints.CLICKHOUSE_URL;
        Optional<Path> expected = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--wait")) {
                wait = true;
                continue;
            }
            if (i + 1 >= args.length) throw new ConfigurationException(option + " needs a value\n" + USAGE);
            String value = args[++i];
            switch (option) {
                case "--seed" -> seed = parseLong(option, value);
                case "--rate" -> {
                    rate = positive(option, value);
                    liveOnly = true;
                }
                case "--speed" -> speed = value.equals("max") ? Double.POSITIVE_INFINITY : positive(option, value);
                case "--scenario" -> {
                    if (!value.equals(BinjiangScenario.NAME))
                        throw new ConfigurationException(
                                "unknown scenario '" + value + "': the one there is is " + BinjiangScenario.NAME);
                    scenario = Optional.of(value);
                }
                case "--duration" -> {
                    duration = value.equals("forever") ? Double.POSITIVE_INFINITY : positive(option, value);
                    liveOnly = true;
                }
                case "--bad-ratio" -> bad = ratio(option, value);
                case "--late-ratio" -> {
                    late = ratio(option, value);
                    liveOnly = true;
                }
                case "--duplicate-ratio" -> duplicate = ratio(option, value);
                case "--bootstrap" -> bootstrap = value;
                case "--clickhouse" -> clickhouse = value;
                case "--expected-json" -> expected = Optional.of(Path.of(value));
                default -> throw new ConfigurationException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (bad + late + duplicate >= 1) {
            throw new ConfigurationException(
                    "--bad-ratio, --late-ratio and --duplicate-ratio must add up to less than 1");
        }
        if (scenario.isPresent()) {
            // a scenario has its own volume and sends in event-time order: no rate, duration or late records
            if (liveOnly)
                throw new ConfigurationException(
                        "--rate, --duration and --late-ratio are for a live load, not --scenario");
            if (speed == 0) speed = BinjiangScenario.DEFAULT_SPEED;
        } else if (speed == Double.POSITIVE_INFINITY) {
            rate = 0;
        } else if (speed > 0) {
            throw new ConfigurationException(
                    "--speed N compresses a scenario's time: use it with --scenario, or --speed max");
        }
        return new GeneratorOptions(
                seed,
                rate,
                duration,
                scenario,
                speed,
                bad,
                late,
                duplicate,
                wait,
                bootstrap,
                "union-kpi-job",
                clickhouse,
                expected);
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(option + " takes a whole number, got '" + value + "'");
        }
    }

    private static double positive(String option, String value) {
        double d = number(option, value);
        if (d <= 0) throw new ConfigurationException(option + " must be positive, got " + value);
        return d;
    }

    private static double ratio(String option, String value) {
        double d = number(option, value);
        if (d < 0 || d >= 1) throw new ConfigurationException(option + " must be in [0, 1), got " + value);
        return d;
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(option + " takes a number, got '" + value + "'");
        }
    }
}
