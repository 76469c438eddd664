package cn.binjiang.union.bench.load;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.Report;
import cn.binjiang.union.bench.ResultsJson;
import cn.binjiang.union.bench.metric.Machine;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The store load test alone, without the stack or the rest of the benchmark: it needs nothing but chDB
 * ({@code CHDB_LIB}), so it can be run while the stack is down or busy with something else. The server
 * runs from this JVM's classpath; the figures are printed as the benchmark's table prints them and
 * written to {@code <out>/store-load.json}. Exits 1 when the run was not clean (errors, wrong answers,
 * rows missing or twice).
 */
public final class StoreLoadMain {
    static final String USAGE =
            "usage: StoreLoadMain --work DIR --out DIR [--quick] [--load-clients N] [--load-seconds S] [--keep]";

    private StoreLoadMain() {}

    public static void main(String[] args) throws Exception {
        Path work = null, out = null;
        boolean quick = false, keep = false;
        Integer clients = null, seconds = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--keep" -> keep = true;
                    case "--work" -> work = Path.of(value(args, ++i));
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--load-clients" -> clients = number(args, ++i, 1, LoadRows.MAX_CLIENTS);
                    case "--load-seconds" -> seconds = number(args, ++i, 5, Integer.MAX_VALUE);
                    default -> throw new ConfigurationException("unexpected argument '" + args[i] + "'");
                }
            }
            if (work == null || out == null) throw new ConfigurationException("--work and --out are required");
        } catch (ConfigurationException e) {
            System.err.println("store load: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        BenchRun run = BenchRun.startingNow();
        Machine machine = Machine.current();
        StoreLoad.Setup setup = new StoreLoad.Setup(
                clients != null ? clients : BenchOptions.LOAD_CLIENTS,
                seconds != null ? seconds : BenchOptions.loadSeconds(quick));
        StoreLoad.Result load = StoreLoad.measure(
                work.resolve(run.id()).resolve("store-load"), setup, System.getProperty("java.class.path"), keep);
        System.out.printf(Locale.ROOT, "%nstore load %s on %s%n", run.id(), machine);
        Report.printStoreLoad(load, System.out);
        Path file = ResultsJson.writeStoreLoad(run.id(), machine, load, out);
        System.out.println("\nresults written to " + file);
        System.exit(load.clean() ? 0 : 1);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new ConfigurationException(args[i - 1] + " needs a value");
        return args[i];
    }

    private static int number(String[] args, int i, int min, int max) {
        String value = value(args, i);
        try {
            int parsed = Integer.parseInt(value.replace("_", ""));
            if (parsed < min || parsed > max)
                throw new ConfigurationException(args[i - 1] + ": " + min + ".." + max + ", got " + parsed);
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(args[i - 1] + ": expected a whole number, got '" + value + "'");
        }
    }
}
