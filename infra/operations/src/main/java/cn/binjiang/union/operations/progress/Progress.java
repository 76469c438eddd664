package cn.binjiang.union.operations.progress;

import java.io.PrintStream;

/** A one-line progress report (done, rate, ETA) rewritten at most once a second. */
public final class Progress {
    private final String what;
    private final long total;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private long lastPrinted;

    /** @param total how many there will be, or 0 when unknown */
    public Progress(String what, long total, PrintStream out) {
        this.what = what;
        this.total = total;
        this.out = out;
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrinted < 1_000_000_000L) return;
        lastPrinted = now;
        out.print("\r" + line(done, now) + "   ");
        out.flush();
    }

    public void finish(long done) {
        out.println("\r" + line(done, System.nanoTime()) + "   ");
    }

    private String line(long done, long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = total > 0 && rate > 0 ? String.format(", ETA %.0f s", Math.max(0, (total - done) / rate)) : "";
        String of = total > 0 ? String.format("/%d (%.0f%%)", total, 100.0 * done / total) : "";
        return String.format("%s %d%s, %.0f/s, %.0f s%s", what, done, of, rate, seconds, eta);
    }
}
