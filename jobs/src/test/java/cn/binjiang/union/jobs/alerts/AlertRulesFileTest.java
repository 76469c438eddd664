package cn.binjiang.union.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.AlertRulesFile;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.jobs.alerts.rules.KpiSlice;
import cn.binjiang.union.jobs.alerts.rules.RuleType;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesFileTest {
    static final AlertRulesFile FILE = new AlertRulesFile(
            KpiCatalog.fromClasspath(),
            (kpi, street) -> kpi.equals("unions_founded_realname") ? Map.of(2021, 850.0, 2022, 924.0) : Map.of());

    static final String GOOD = """
            rules:
              - id: xixing_members_day_high
                name: 西兴街道单日入会偏高
                severity: warning
                type: threshold
                kpi: members_joined
                grain: day
                slice: {street: xixing}
                above: 50
                for: 30s
                suppress: 10min
              - id: unions_pace
                name: 实名建会进度落后
                severity: critical
                type: pace
                kpi: unions_founded_realname
                behind_points: 10
              - id: members_spike
                name: 入会人数激增
                severity: info
                type: baseline
                kpi: members_joined
                direction: spike
                change_percent: 200
                min_volume: 5
              - id: enrollment_silent
                name: 入会事件流中断
                severity: critical
                type: silence
                stream: enrollment
                after: 10min
              - id: dead_letters
                name: 死信率过高
                severity: warning
                type: dead_letter_rate
                above_percent: 5
                window: 5min
                min_events: 100
            """;

    @Test
    void theDemoAndTheProductionExampleRuleSetsLoad() {
        AlertRulesFile everyTargetSet =
                new AlertRulesFile(KpiCatalog.fromClasspath(), (kpi, street) -> Map.of(2026, 100.0));
        assertThat(everyTargetSet.load(Path.of("../dashboards/alerts.yaml")))
                .extracting(AlertRule::id)
                .containsExactly(
                        "members_day_high",
                        "xixing_unions_pace",
                        "members_spike",
                        "enrollment_silent",
                        "dead_letters_high");
        assertThat(everyTargetSet.load(Path.of("../dashboards/config/alerts-production.example.yaml")))
                .hasSize(9)
                .filteredOn(r -> r.condition() instanceof Condition.Pace)
                .extracting(AlertRule::street)
                .containsExactly("xixing", "changhe", "puyan", "");
    }

    @Test
    void everyRuleTypeParsesToItsCondition() {
        List<AlertRule> rules = FILE.parse(GOOD, "test");
        assertThat(rules).hasSize(5);
        AlertRule threshold = rules.get(0);
        assertThat(threshold.condition())
                .isEqualTo(new Condition.Threshold(
                        new KpiSlice("members_joined", "day", "xixing", "", "", ""), true, 5_000));
        assertThat(threshold.pendingFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(threshold.suppressFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(threshold.street()).isEqualTo("xixing");
        assertThat(rules.get(1).condition())
                .isEqualTo(new Condition.Pace(
                        new KpiSlice("unions_founded_realname", "year", "", "", "", ""),
                        Map.of(2021, 850.0, 2022, 924.0),
                        10));
        assertThat(rules.get(1).pendingFor()).isZero();
        assertThat(rules.get(2).condition())
                .isEqualTo(new Condition.Baseline(
                        new KpiSlice("members_joined", "day", "", "", "", ""), true, 200, 7, 500));
        assertThat(rules.get(3).condition()).isEqualTo(new Condition.Silence("enrollment", Duration.ofMinutes(10)));
        assertThat(rules.get(4).condition()).isEqualTo(new Condition.DeadLetterRate(5, Duration.ofMinutes(5), 100));
        assertThat(rules.get(4).suppressFor()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheKnownOnes() {
        assertBad(
                GOOD.replace("behind_points: 10", "behind_points: 10\n    above: 3"),
                "rules[1] (unions_pace).above:"
                        + " unknown key (known: behind_points, for, id, kpi, name, severity, slice, suppress, type)");
        assertBad(
                GOOD.replace("slice: {street: xixing}", "slice: {town: xixing}"),
                "rules[0] (xixing_members_day_high)"
                        + ".slice.town: unknown key (known: category, employment_form, industry, street)");
        assertBad(GOOD.replace("rules:", "rule:"), "rule: unknown key (known: rules)");
    }

    @Test
    void aWrongTypeIsRefusedNamingWhatWasFound() {
        assertBad(
                GOOD.replace("behind_points: 10", "behind_points: far"),
                "rules[1] (unions_pace).behind_points: expected a number from 0 to 100, got 'far'");
        assertBad(
                GOOD.replace("above_percent: 5", "above_percent: 500"),
                "rules[4] (dead_letters).above_percent: expected a number from 0 to 100, got 500");
        assertBad(
                GOOD.replace("change_percent: 200", "change_percent: 200\n    days: 7.5"),
                "rules[2] (members_spike).days: expected a whole number from 1 to 31, got 7.5");
        assertBad(
                GOOD.replace("slice: {street: xixing}", "slice: xixing"),
                "rules[0] (xixing_members_day_high).slice: expected a map, got 'xixing'");
        assertBad("rules:\n  - members_day_high\n", "rules[0]: expected a map, got 'members_day_high'");
    }

    @Test
    void aMissingFieldIsRefusedNamingIt() {
        assertBad(GOOD.replace("min_events: 100", ""), "rules[4] (dead_letters).min_events: missing");
        assertBad(GOOD.replace("  - id: unions_pace\n", "  - ident: unions_pace\n"), "rules[1].id: missing");
        assertBad(
                GOOD.replace("above: 50", ""),
                "rules[0] (xixing_members_day_high).above: a threshold rule has exactly one of above, below");
        assertBad("rules: []", "rules: expected a non-empty list, got an empty one");
        assertBad("", "missing (a map with 'rules')");
    }

    @Test
    void aRuleThatCannotBeIsRefusedNamingTheRuleAndTheField() {
        assertBad(
                GOOD.replace("id: xixing_members_day_high", "id: Xixing"),
                "rules[0].id: must match [a-z][a-z0-9_]{0,63}");
        assertBad(
                GOOD.replace("id: members_spike", "id: unions_pace"),
                "rules[2] (unions_pace).id: used by another rule");
        assertBad(
                GOOD.replace("severity: warning\n    type: threshold", "severity: loud\n    type: threshold"),
                "rules[0] (xixing_members_day_high).severity: must be info, warning or critical");
        assertBad(
                GOOD.replace("for: 30s", "for: soon"),
                "rules[0] (xixing_members_day_high).for: 'soon' is not a duration (e.g. 30s, 10min, 1h)");
        assertBad(
                GOOD.replace("kpi: members_joined\n    grain: day", "kpi: members\n    grain: day"),
                "rules[0] (xixing_members_day_high).kpi: 'members' is not a KPI of the catalog (docs/kpis.md)");
        assertBad(
                GOOD.replace("above: 50", "above: 50\n    below: 10"),
                "rules[0] (xixing_members_day_high).below: a threshold rule has exactly one of above, below");
        assertBad(
                GOOD.replace("grain: day", "grain: week"),
                "rules[0] (xixing_members_day_high).grain: must be day, month or year");
        assertBad(
                GOOD.replace("slice: {street: xixing}", "slice: {category: xixing}"),
                "rules[0] (xixing_members_day_high).slice.category: KPI 'members_joined' is not sliced by category");
        assertBad(
                GOOD.replace("slice: {street: xixing}", "slice: {street: Xixing}"),
                "rules[0] (xixing_members_day_high).slice.street: 'Xixing' is not a code");
        assertBad(
                GOOD.replace("kpi: unions_founded_realname", "kpi: orgs_digitised"),
                "rules[1] (unions_pace).kpi: KPI 'orgs_digitised' has no target for street '' in the targets table");
        assertBad(
                GOOD.replace("direction: spike", "direction: up"),
                "rules[2] (members_spike).direction: must be drop or spike");
        assertBad(
                GOOD.replace("stream: enrollment", "stream: payroll"),
                "rules[3] (enrollment_silent).stream:"
                        + " 'payroll' is not one of [enrollment, training, competition, aid, legal]");
        assertBad(
                GOOD.replace("after: 10min", "after: 0s"),
                "rules[3] (enrollment_silent).after: must be longer than zero");
    }

    @Test
    void anUnknownRuleTypeIsRefusedNamingTheFileTheRuleAndTheTypeNeverDefaulted() {
        String yaml = GOOD.replace("type: dead_letter_rate", "type: dead_letters");
        assertThatThrownBy(() -> FILE.parse(yaml, "dashboards/alerts.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("dashboards/alerts.yaml: rules[4] (dead_letters).type: unknown rule type 'dead_letters'"
                        + " (known: threshold, pace, baseline, silence, dead_letter_rate)");
        assertBad(
                GOOD.replace("type: threshold", "type: thresh"),
                "rules[0] (xixing_members_day_high).type:"
                        + " unknown rule type 'thresh' (known: threshold, pace, baseline, silence, dead_letter_rate)");
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsLine() {
        assertThatThrownBy(() -> FILE.parse(GOOD.replace("above: 50", "above: 50\n    above: 60"), "alerts.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("alerts.yaml: not valid YAML at line 10, column ")
                .hasMessageContaining("Duplicate field 'above'");
    }

    @Test
    void everyKindOfConditionIsMadeByOneRuleType() {
        List<Class<?>> made = FILE.parse(GOOD, "test").stream()
                .<Class<?>>map(r -> r.condition().getClass())
                .toList();
        assertThat(made)
                .hasSize(RuleType.values().length)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(Condition.class.getPermittedSubclasses());
    }

    /** @param message the message after the file's name */
    private static void assertBad(String yaml, String message) {
        assertThatThrownBy(() -> FILE.parse(yaml, "alerts.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("alerts.yaml: " + message);
    }
}
