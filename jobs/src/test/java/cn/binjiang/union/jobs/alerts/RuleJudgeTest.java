package cn.binjiang.union.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.jobs.alerts.rules.KpiSlice;
import cn.binjiang.union.jobs.alerts.rules.Severity;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleJudgeTest {
    static final KpiSlice DAILY = new KpiSlice("members_joined", "day", "", "", "", "");
    static final KpiSlice YEARLY = new KpiSlice("unions_founded_realname", "year", "", "", "", "");
    static final int MARCH_1 = (int) LocalDate.of(2022, 3, 1).toEpochDay();
    static final int YEAR_2022 = (int) LocalDate.of(2022, 1, 1).toEpochDay();
    /** The KPI job's clock at 2 July 2022 00:00 in Hangzhou: 49.9 % of the year gone. */
    static final long JULY_2 = LocalDate.of(2022, 7, 2)
            .atStartOfDay(ZoneId.of("Asia/Shanghai"))
            .toInstant()
            .toEpochMilli();

    static AlertRule rule(Condition c) {
        return new AlertRule("r", "规则", Severity.WARNING, c, Duration.ZERO, Duration.ZERO);
    }

    static KpiValue update(KpiSlice s, int bucket, long units, long version, long watermark) {
        return new KpiValue(
                s.kpiId(),
                s.grain(),
                bucket,
                s.street(),
                s.industry(),
                s.employmentForm(),
                s.category(),
                units * 100,
                version,
                0,
                watermark);
    }

    static RuleMemory fold(AlertRule rule, RuleMemory m, AlertInput in) {
        RuleJudge.fold(rule, m, in);
        return m;
    }

    @Test
    void aThresholdJudgesTheNewestPeriodAndIgnoresAStaleVersion() {
        AlertRule above50 = rule(new Condition.Threshold(DAILY, true, 5_000));
        RuleMemory m = new RuleMemory();
        fold(above50, m, AlertInput.kpi("r", update(DAILY, MARCH_1, 51, 51, 0)));
        assertThat(m.judged).isEqualTo(1);
        assertThat(m.message).isEqualTo("2022-03-01：51，高于阈值 50");
        fold(above50, m, AlertInput.kpi("r", update(DAILY, MARCH_1, 40, 40, 0)));
        assertThat(m.judged)
                .as("an older version of the same day changes nothing")
                .isEqualTo(1);
        fold(above50, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + 1, 3, 3, 0)));
        assertThat(m.judged).as("a new day starts low").isEqualTo(2);
        assertThat(m.message).isEqualTo("2022-03-02：3，未高于阈值 50");
        fold(above50, m, AlertInput.kpi("r", update(DAILY, MARCH_1, 60, 60, 0)));
        assertThat(m.judged)
                .as("a late update of an older day does not judge the newest")
                .isEqualTo(2);
    }

    @Test
    void paceComparesCompletionWithTheShareOfTheYearGoneByTheKpiJobsClock() {
        AlertRule pace = rule(new Condition.Pace(YEARLY, Map.of(2022, 1000.0), 10));
        RuleMemory m = fold(pace, new RuleMemory(), AlertInput.kpi("r", update(YEARLY, YEAR_2022, 390, 390, JULY_2)));
        assertThat(m.judged).isEqualTo(1);
        assertThat(m.message).isEqualTo("2022 年完成 39.0%，时序进度 49.9%，落后 10.9 个百分点（阈值 10）");
        fold(pace, m, AlertInput.kpi("r", update(YEARLY, YEAR_2022, 400, 400, JULY_2)));
        assertThat(m.judged).isEqualTo(2);
    }

    @Test
    void aRevisedTargetIsJudgedAgainstAtOnceAndAKpiUpdateAfterKeepsIt() {
        AlertRule pace = rule(new Condition.Pace(YEARLY, Map.of(2022, 1000.0), 10));
        RuleMemory m = fold(pace, new RuleMemory(), AlertInput.kpi("r", update(YEARLY, YEAR_2022, 390, 390, JULY_2)));
        assertThat(m.judged).as("39.0 % of 1,000 by 49.9 % of the year").isEqualTo(1);
        fold(pace, m, AlertInput.targets("r", Map.of(2022, 780.0), 0));
        assertThat(m.judged).as("the target revised to 780: 50.0 % done").isEqualTo(2);
        assertThat(m.message).isEqualTo("2022 年完成 50.0%，时序进度 49.9%，落后 -0.1 个百分点（阈值 10）");
        fold(pace, m, AlertInput.kpi("r", update(YEARLY, YEAR_2022, 391, 391, JULY_2)));
        assertThat(m.message)
                .as("the next update is judged against the revised target, not the rule's")
                .startsWith("2022 年完成 50.1%");
        fold(pace, m, AlertInput.targets("r", Map.of(2023, 500.0), 0));
        assertThat(m.judged)
                .as("a year without a target in force is not judged; the last judgement stands")
                .isEqualTo(2);
    }

    @Test
    void aSpikeIsJudgedOnTheRunningDayAgainstTheMeanOfTheDaysBefore() {
        AlertRule spike = rule(new Condition.Baseline(DAILY, true, 100, 3, 500));
        RuleMemory m = new RuleMemory();
        for (int d = 0; d < 3; d++) fold(spike, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + d, 10, 10, 0)));
        fold(spike, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + 3, 20, 20, 0)));
        assertThat(m.judged).as("double the mean is not more than +100%").isEqualTo(2);
        fold(spike, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + 3, 21, 21, 0)));
        assertThat(m.judged).isEqualTo(1);
        assertThat(m.message).isEqualTo("2022-03-04：21，近 3 日均值 10，高出 110%（阈值 100%）");
    }

    @Test
    void aDropIsJudgedOnAFinishedDayByTheKpiJobsClockAndNotWhenTheBaselineIsTooQuiet() {
        AlertRule drop = rule(new Condition.Baseline(DAILY, false, 50, 3, 500));
        RuleMemory m = new RuleMemory();
        for (int d = 0; d < 3; d++)
            fold(drop, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + d, 10, 10, at(2022, 3, 2 + d, 0, 20))));
        fold(drop, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + 3, 2, 2, at(2022, 3, 4, 23, 0))));
        assertThat(m.message)
                .as("March 4 runs: March 3 is the newest finished day")
                .startsWith("2022-03-03：10");
        assertThat(m.judged).isEqualTo(2);
        fold(drop, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + 4, 1, 1, at(2022, 3, 5, 0, 5))));
        assertThat(m.judged)
                .as("5 minutes into March 5, March 4 is not finished yet")
                .isEqualTo(2);
        fold(drop, m, AlertInput.kpi("r", update(DAILY, MARCH_1 + 4, 1, 1, at(2022, 3, 5, 0, 20))));
        assertThat(m.judged).as("March 4 finished at 2 against a mean of 10").isEqualTo(1);
        assertThat(m.message).isEqualTo("2022-03-04：2，近 3 日均值 10，低于 80%（阈值 50%）");

        AlertRule quiet = rule(new Condition.Baseline(DAILY, false, 50, 3, 5_000));
        RuleMemory q = new RuleMemory();
        for (int d = 0; d < 5; d++)
            fold(
                    quiet,
                    q,
                    AlertInput.kpi("r", update(DAILY, MARCH_1 + d, d < 3 ? 10 : 0, d + 1, at(2022, 3, 2 + d, 1, 0))));
        assertThat(q.judged).isEqualTo(2);
        assertThat(q.message).contains("低于最小量");
    }

    static long at(int year, int month, int day, int hour, int minute) {
        return LocalDate.of(year, month, day)
                .atTime(hour, minute)
                .atZone(ZoneId.of("Asia/Shanghai"))
                .toInstant()
                .toEpochMilli();
    }

    @Test
    void silenceCountsFromTheLastRecordOrFromTheFirstTick() {
        AlertRule silence = rule(new Condition.Silence("enrollment", Duration.ofSeconds(60)));
        long t0 = 1_700_000_000_000L;
        RuleMemory m = fold(silence, new RuleMemory(), AlertInput.tick("r", t0));
        assertThat(m.judged).isEqualTo(2);
        fold(silence, m, AlertInput.tick("r", t0 + 60_000));
        assertThat(m.judged).as("nothing for 60 s since the job started").isEqualTo(1);
        fold(silence, m, AlertInput.records("r", "enrollment", 3, t0 + 61_000));
        assertThat(m.judged).isEqualTo(2);
        fold(silence, m, AlertInput.tick("r", t0 + 120_000));
        assertThat(m.judged).isEqualTo(2);
        fold(silence, m, AlertInput.tick("r", t0 + 121_000));
        assertThat(m.judged).isEqualTo(1);
        assertThat(m.message).startsWith("enrollment 事件流已 60 秒无新事件（阈值 60 秒）");
    }

    @Test
    void theDeadLetterRateIsOverTheWindowAndNeedsAMinimumOfRecords() {
        AlertRule rate = rule(new Condition.DeadLetterRate(5, Duration.ofSeconds(10), 100));
        long t0 = 1_700_000_000_000L;
        RuleMemory m = new RuleMemory();
        fold(rate, m, AlertInput.records("r", "enrollment", 50, t0));
        fold(rate, m, AlertInput.records("r", AlertInput.DEAD_LETTER, 5, t0));
        fold(rate, m, AlertInput.tick("r", t0 + 1_000));
        assertThat(m.judged).as("10% of only 50 records").isEqualTo(2);
        fold(rate, m, AlertInput.records("r", "training", 50, t0 + 2_000));
        fold(rate, m, AlertInput.tick("r", t0 + 3_000));
        assertThat(m.judged).isEqualTo(2);
        assertThat(m.message).isEqualTo("近 10 秒死信率 5.0%（5/100），阈值 5%");
        fold(rate, m, AlertInput.records("r", AlertInput.DEAD_LETTER, 1, t0 + 3_000));
        fold(rate, m, AlertInput.tick("r", t0 + 4_000));
        assertThat(m.judged).isEqualTo(1);
        fold(rate, m, AlertInput.tick("r", t0 + 12_500));
        assertThat(m.judged).as("the first second left the window").isEqualTo(2);
    }
}
