package cn.binjiang.union.jobs.kpi.rebuild;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code ./platform kpi rebuild}: {@code [--kpi ID ...] [--from DATE] [--to DATE] --flink URL
 * --savepoints DIR}, then the KPI job's own settings ({@code --config FILE --key value ...}), which say where Kafka and
 * ClickHouse are, the job's topics and consumer group, and its cells' grace.
 *
 * @param flink the Flink REST API the KPI job runs under
 * @param savepoints where the rebuild's savepoint of the running job goes (a URI: {@code file:///...}), deleted once
 *     read
 */
record RebuildRequest(
        List<String> kpis,
        Optional<LocalDate> from,
        Optional<LocalDate> to,
        String flink,
        String savepoints,
        List<String> jobArgs) {

    static final String USAGE =
            "usage: kpi rebuild [--kpi ID ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --flink URL --savepoints DIR"
                    + " [job settings]";

    /** @throws IllegalArgumentException naming the option that is wrong */
    static RebuildRequest parse(String[] args) {
        List<String> kpis = new ArrayList<>();
        Optional<LocalDate> from = Optional.empty();
        Optional<LocalDate> to = Optional.empty();
        String flink = null;
        String savepoints = null;
        List<String> jobArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kpi" -> {
                    int first = i + 1;
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) kpis.add(args[++i]);
                    if (i < first) throw new IllegalArgumentException("--kpi: give at least one KPI id");
                }
                case "--from" -> from = Optional.of(date("--from", value(args, ++i, "--from")));
                case "--to" -> to = Optional.of(date("--to", value(args, ++i, "--to")));
                case "--flink" -> flink = value(args, ++i, "--flink");
                case "--savepoints" -> savepoints = value(args, ++i, "--savepoints");
                default -> jobArgs.add(args[i]);
            }
        }
        if (flink == null) throw new IllegalArgumentException("--flink: the Flink REST URL is required; " + USAGE);
        if (savepoints == null) {
            throw new IllegalArgumentException("--savepoints: the savepoint directory is required; " + USAGE);
        }
        return new RebuildRequest(kpis, from, to, flink, savepoints, jobArgs);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + ": a value is missing; " + USAGE);
        }
        return args[i];
    }

    private static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a date (YYYY-MM-DD)", e);
        }
    }
}
