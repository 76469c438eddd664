package cn.binjiang.union.seeds;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code ./platform generate} was asked for. Parsed and checked in one place: a bad
 * option stops the generator before it sends anything, naming the option.
 *
 * @param rate events per second, or 0 for as fast as the broker takes them ({@code --speed max})
 */
public record GeneratorOptions(long seed, double rate, double durationSeconds, double badRatio, double lateRatio,
                               double duplicateRatio, boolean waitForJob, String bootstrap, String jobGroup,
                               Optional<Path> expectedJson) {

    static final String USAGE = """
            usage: generate [--seed N] [--rate EPS | --speed max] [--duration S] [--bad-ratio R] [--late-ratio R]
                            [--duplicate-ratio R] [--expected-json FILE] [--wait] [--bootstrap HOST:PORT]""";

    public static GeneratorOptions parse(String[] args) {
        long seed = 1;
        double rate = 1_000;
        double duration = 10;
        double bad = 0;
        double late = 0;
        double duplicate = 0;
        boolean wait = false;
        String bootstrap = "localhost:9092";
        Optional<Path> expected = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--wait")) {
                wait = true;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            String value = args[++i];
            switch (option) {
                case "--seed" -> seed = parseLong(option, value);
                case "--rate" -> rate = positive(option, value);
                case "--speed" -> {
                    if (!value.equals("max")) throw new IllegalArgumentException("--speed takes only 'max', got '" + value + "'");
                    rate = 0;
                }
                case "--duration" -> duration = positive(option, value);
                case "--bad-ratio" -> bad = ratio(option, value);
                case "--late-ratio" -> late = ratio(option, value);
                case "--duplicate-ratio" -> duplicate = ratio(option, value);
                case "--bootstrap" -> bootstrap = value;
                case "--expected-json" -> expected = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (bad + late + duplicate >= 1) {
            throw new IllegalArgumentException("--bad-ratio, --late-ratio and --duplicate-ratio must add up to less than 1");
        }
        return new GeneratorOptions(seed, rate, duration, bad, late, duplicate, wait, bootstrap, "union-kpi-job", expected);
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, got '" + value + "'");
        }
    }

    private static double positive(String option, String value) {
        double d = number(option, value);
        if (d <= 0) throw new IllegalArgumentException(option + " must be positive, got " + value);
        return d;
    }

    private static double ratio(String option, String value) {
        double d = number(option, value);
        if (d < 0 || d >= 1) throw new IllegalArgumentException(option + " must be in [0, 1), got " + value);
        return d;
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
        }
    }
}
