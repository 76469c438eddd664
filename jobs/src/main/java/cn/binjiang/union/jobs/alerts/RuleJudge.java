package cn.binjiang.union.jobs.alerts;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds an input into a rule's memory and judges whether the rule's condition holds, with a message in
 * Chinese for the duty officer. Pure functions of (rule, memory, input): unit-testable without Flink.
 */
public final class RuleJudge {
    /** Event time past a day's end after which the day counts as finished for a drop rule. */
    static final long DAY_CLOSE_GRACE_MS = 10 * 60_000;

    private RuleJudge() {}

    /** Updates {@code m} with {@code in}; sets {@code m.judged}/{@code m.message} when the input decides anything. */
    public static void fold(AlertRule rule, RuleMemory m, AlertInput in) {
        TreeMap<Integer, long[]> periods = new TreeMap<>(m.periods);
        if (in.kind() == AlertInput.Kind.KPI && in.update().watermark() > m.clock)
            m.clock = in.update().watermark();
        if (in.kind() == AlertInput.Kind.TARGETS) m.targets = new HashMap<>(in.targets());
        rule.condition().match(new Judging(periods, m, in));
        m.periods = periods;
    }

    /**
     * Each kind of condition judged by its own rule below; a KPI rule first remembers the update (a baseline
     * its days, the day judged and the running one; the others the newest period).
     */
    private record Judging(TreeMap<Integer, long[]> periods, RuleMemory m, AlertInput in)
            implements Condition.Cases<Void> {
        @Override
        public Void threshold(Condition.Threshold t) {
            remember(1);
            RuleJudge.threshold(t, periods, m);
            return null;
        }

        @Override
        public Void pace(Condition.Pace p) {
            remember(1);
            RuleJudge.pace(p, periods, m);
            return null;
        }

        @Override
        public Void baseline(Condition.Baseline b) {
            remember(b.days() + 2);
            RuleJudge.baseline(b, periods, m);
            return null;
        }

        @Override
        public Void silence(Condition.Silence s) {
            RuleJudge.silence(s, m, in);
            return null;
        }

        @Override
        public Void deadLetterRate(Condition.DeadLetterRate d) {
            RuleJudge.deadLetterRate(d, m, in);
            return null;
        }

        private void remember(int keep) {
            if (in.kind() == AlertInput.Kind.KPI) RuleJudge.remember(periods, in.update(), keep);
        }
    }

    /** Keeps the newest version of each period; only the newest {@code keep} periods. */
    static void remember(TreeMap<Integer, long[]> periods, KpiValue u, int keep) {
        long[] known = periods.get(u.bucket());
        if (known == null || known[1] < u.version()) periods.put(u.bucket(), new long[] {u.value(), u.version()});
        while (periods.size() > keep) periods.pollFirstEntry();
    }

    private static void threshold(Condition.Threshold t, TreeMap<Integer, long[]> periods, RuleMemory m) {
        if (periods.isEmpty()) return;
        var current = periods.lastEntry();
        long v = current.getValue()[0];
        boolean holds = t.above() ? v > t.boundHundredths() : v < t.boundHundredths();
        judge(
                m,
                holds,
                String.format(
                        Locale.ROOT,
                        "%s：%s，%s阈值 %s",
                        LocalDate.ofEpochDay(current.getKey()),
                        amount(v),
                        (holds ? "" : "未") + (t.above() ? "高于" : "低于"),
                        amount(t.boundHundredths())));
    }

    private static void pace(Condition.Pace p, TreeMap<Integer, long[]> periods, RuleMemory m) {
        if (periods.isEmpty() || m.clock == Long.MIN_VALUE) return;
        LocalDate yearStart = LocalDate.ofEpochDay(periods.lastKey());
        Double target = (m.targets != null ? m.targets : p.targetByYear()).get(yearStart.getYear());
        if (target == null || target <= 0) return;
        long start = KpiCalendar.startOf(yearStart);
        long end = KpiCalendar.startOf(yearStart.plusYears(1));
        double elapsed = Math.max(0, Math.min(1, (double) (m.clock - start) / (end - start)));
        double completion = periods.lastEntry().getValue()[0] / 100.0 / target;
        double behind = (elapsed - completion) * 100;
        judge(
                m,
                behind > p.behindPoints(),
                String.format(
                        Locale.ROOT,
                        "%d 年完成 %.1f%%，时序进度 %.1f%%，落后 %.1f 个百分点（阈值 %s）",
                        yearStart.getYear(),
                        completion * 100,
                        elapsed * 100,
                        behind,
                        trim(p.behindPoints())));
    }

    /**
     * A spike is judged on the newest day as it runs; a drop on the newest finished day (a day in progress
     * is always low), both against the mean of the {@code days} days before. A day is finished when the
     * KPI job's event time has passed its end by {@link #DAY_CLOSE_GRACE_MS}: its last updates, which may
     * travel on other partitions than the watermark's, are in by then; a day without any event counts 0.
     */
    private static void baseline(Condition.Baseline b, TreeMap<Integer, long[]> periods, RuleMemory m) {
        if (periods.isEmpty() || (!b.spike() && m.clock == Long.MIN_VALUE)) return;
        int day = b.spike()
                ? periods.lastKey()
                : (int) KpiCalendar.dateOf(Instant.ofEpochMilli(m.clock - DAY_CLOSE_GRACE_MS))
                        .minusDays(1)
                        .toEpochDay();
        long value = periods.containsKey(day) ? periods.get(day)[0] : 0;
        long sum = 0;
        for (int d = day - b.days(); d < day; d++) sum += periods.containsKey(d) ? periods.get(d)[0] : 0;
        double mean = (double) sum / b.days();
        if (mean < b.minVolumeHundredths()) {
            judge(m, false, String.format(Locale.ROOT, "近 %d 日均值 %s 低于最小量，不判断", b.days(), amount(mean)));
            return;
        }
        double change = (value - mean) / mean * 100;
        boolean holds = b.spike() ? change > b.changePercent() : -change > b.changePercent();
        judge(
                m,
                holds,
                String.format(
                        Locale.ROOT,
                        "%s：%s，近 %d 日均值 %s，%s %.0f%%（阈值 %s%%）",
                        LocalDate.ofEpochDay(day),
                        amount(value),
                        b.days(),
                        amount(mean),
                        change >= 0 ? "高出" : "低于",
                        Math.abs(change),
                        trim(b.changePercent())));
    }

    private static void silence(Condition.Silence s, RuleMemory m, AlertInput in) {
        if (in.kind() == AlertInput.Kind.RECORDS && in.count() > 0) m.lastSeen = Math.max(m.lastSeen, in.at());
        if (in.kind() == AlertInput.Kind.KPI) return;
        if (m.lastSeen == 0) m.lastSeen = in.at();
        long quietSeconds = (in.at() - m.lastSeen) / 1000;
        judge(
                m,
                in.at() - m.lastSeen >= s.after().toMillis(),
                String.format(
                        Locale.ROOT,
                        "%s 事件流已 %d 秒无新事件（阈值 %d 秒），最后一条在 %s",
                        s.stream(),
                        quietSeconds,
                        s.after().toSeconds(),
                        Instant.ofEpochMilli(m.lastSeen)
                                .atZone(KpiCalendar.ZONE)
                                .toLocalTime()
                                .withNano(0)));
    }

    private static void deadLetterRate(Condition.DeadLetterRate d, RuleMemory m, AlertInput in) {
        if (in.kind() == AlertInput.Kind.RECORDS) {
            long[] counts = m.seconds.computeIfAbsent(in.at() / 1000, k -> new long[2]);
            counts[AlertInput.DEAD_LETTER.equals(in.topic()) ? 1 : 0] += in.count();
            return;
        }
        if (in.kind() != AlertInput.Kind.TICK) return;
        long from = (in.at() - d.window().toMillis()) / 1000;
        m.seconds.keySet().removeIf(second -> second < from);
        long records = 0;
        long dead = 0;
        for (Map.Entry<Long, long[]> e : m.seconds.entrySet()) {
            records += e.getValue()[0];
            dead += e.getValue()[1];
        }
        double percent = records == 0 ? 0 : dead * 100.0 / records;
        judge(
                m,
                records >= d.minEvents() && percent > d.abovePercent(),
                String.format(
                        Locale.ROOT,
                        "近 %d 秒死信率 %.1f%%（%d/%d），阈值 %s%%",
                        d.window().toSeconds(),
                        percent,
                        dead,
                        records,
                        trim(d.abovePercent())));
    }

    private static void judge(RuleMemory m, boolean holds, String message) {
        m.judged = holds ? 1 : 2;
        m.message = message;
    }

    private static String amount(double hundredths) {
        double v = hundredths / 100;
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
