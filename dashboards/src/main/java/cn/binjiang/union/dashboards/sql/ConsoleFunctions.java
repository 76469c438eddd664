package cn.binjiang.union.dashboards.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The functions a console query may call: the allow-list in {@code sql/console-functions.txt} (how it was made
 * and what it leaves out is written at its top). Aggregate functions may carry ClickHouse's combinators
 * ({@code sumIf}, {@code uniqExactDistinct}, {@code avgOrNull}, {@code quantilesStateMerge}, ...).
 */
final class ConsoleFunctions {
    static final String RESOURCE = "/sql/console-functions.txt";
    /** ClickHouse's aggregate combinators, longest first so that MergeState is tried before State. */
    private static final List<String> COMBINATORS = List.of(
            "SimpleState",
            "MergeState",
            "OrDefault",
            "Resample",
            "Distinct",
            "ForEach",
            "ArgMin",
            "ArgMax",
            "OrNull",
            "State",
            "Merge",
            "Array",
            "Map",
            "If");

    private final Set<String> exact = new HashSet<>();
    private final Set<String> anyCase = new HashSet<>();
    private final Set<String> aggregates = new HashSet<>();
    private final Set<String> anyCaseAggregates = new HashSet<>();

    private ConsoleFunctions() {}

    static ConsoleFunctions load() {
        ConsoleFunctions functions = new ConsoleFunctions();
        try (InputStream in = ConsoleFunctions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the dashboard's jar");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] fields = line.strip().split("\\s+");
                List<String> marks = List.of(fields).subList(1, fields.length);
                String name = fields[0];
                functions.exact.add(name);
                if (marks.contains("ci")) functions.anyCase.add(name.toLowerCase(Locale.ROOT));
                if (marks.contains("agg")) functions.aggregates.add(name);
                if (marks.contains("agg") && marks.contains("ci"))
                    functions.anyCaseAggregates.add(name.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        // what the parser turns syntax into: x -> e is lambda(tuple(x), e)
        functions.exact.add("lambda");
        return functions;
    }

    boolean allows(String name) {
        return exact.contains(name) || anyCase.contains(name.toLowerCase(Locale.ROOT)) || combinedAggregate(name);
    }

    /** An aggregate function with one or more combinators, e.g. sumIf, uniqExactDistinctIf. */
    private boolean combinedAggregate(String name) {
        for (String combinator : COMBINATORS) {
            if (name.length() > combinator.length() && name.endsWith(combinator)) {
                String base = name.substring(0, name.length() - combinator.length());
                if (aggregate(base) || combinedAggregate(base)) return true;
            }
        }
        return false;
    }

    private boolean aggregate(String name) {
        return aggregates.contains(name) || anyCaseAggregates.contains(name.toLowerCase(Locale.ROOT));
    }
}
