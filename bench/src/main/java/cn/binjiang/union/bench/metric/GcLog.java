package cn.binjiang.union.bench.metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap figures from a JVM's {@code -Xlog:gc} file. Read from the log rather than sampled: every
 * collection reports the heap it found and the heap it left, so no peak falls between two samples.
 *
 * @param peakUsedMb the most heap in use when a collection started (live data plus garbage)
 * @param peakAfterGcMb the most heap still in use after a collection: an upper bound of the live set
 * @param collections how many collections the log reports
 * @param baselineLiveMb the heap left by the first full collection {@code jcmd GC.run} asked for (as the job started)
 * @param liveMb the heap left by the last one (after the backlog): the live set then
 */
public record GcLog(long peakUsedMb, long peakAfterGcMb, long collections, long baselineLiveMb, long liveMb) {
    private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");

    public static GcLog read(Path file) throws IOException {
        long used = 0;
        long after = 0;
        long collections = 0;
        long baseline = -1;
        long live = 0;
        for (String line : Files.readAllLines(file)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                used = Math.max(used, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
                collections++;
                if (line.contains("Pause Full (Diagnostic Command)")) {
                    live = Long.parseLong(m.group(2));
                    if (baseline < 0) baseline = live;
                }
            }
        }
        return new GcLog(used, after, collections, Math.max(0, baseline), live);
    }
}
