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
    static final AlertRulesFile FILE = new AlertRulesFile(KpiCatalog.fromClasspath(),
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
        AlertRulesFile everyTargetSet = new AlertRulesFile(KpiCatalog.fromClasspath(), (kpi, street) -> Map.of(2026, 100.0));
        assertThat(everyTargetSet.load(Path.of("../dashboards/alerts.yaml"))).extracting(AlertRule::id)
                .containsExactly("members_day_high", "xixing_unions_pace", "members_spike", "enrollment_silent", "dead_letters_high");
        assertThat(everyTargetSet.load(Path.of("../dashboards/config/alerts-production.example.yaml"))).hasSize(9)
                .filteredOn(r -> r.condition() instanceof Condition.Pace).extracting(AlertRule::street)
                .containsExactly("xixing", "changhe", "puyan", "");
    }

    @Test
    void everyRuleTypeParsesToItsCondition() {
        List<AlertRule> rules = FILE.parse(GOOD, "test");
        assertThat(rules).hasSize(5);
        AlertRule threshold = rules.get(0);
        assertThat(threshold.condition()).isEqualTo(new Condition.Threshold(
                new KpiSlice("members_joined", "day", "xixing", "", "", ""), true, 5_000));
        assertThat(threshold.pendingFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(threshold.suppressFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(threshold.street()).isEqualTo("xixing");
        assertThat(rules.get(1).condition()).isEqualTo(new Condition.Pace(
                new KpiSlice("unions_founded_realname", "year", "", "", "", ""), Map.of(2021, 850.0, 2022, 924.0), 10));
        assertThat(rules.get(1).pendingFor()).isZero();
        assertThat(rules.get(2).condition()).isEqualTo(new Condition.Baseline(
                new KpiSlice("members_joined", "day", "", "", "", ""), true, 200, 7, 500));
        assertThat(rules.get(3).condition()).isEqualTo(new Condition.Silence("enrollment", Duration.ofMinutes(10)));
        assertThat(rules.get(4).condition()).isEqualTo(new Condition.DeadLetterRate(5, Duration.ofMinutes(5), 100));
        assertThat(rules.get(4).suppressFor()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aRuleWithAnErrorFailsNamingTheRuleAndTheField() {
        assertBad(GOOD.replace("kpi: members_joined\n    grain: day", "kpi: members\n    grain: day"),
                "alert rule 'xixing_members_day_high': field 'kpi': 'members' is not a KPI of the catalog");
        assertBad(GOOD.replace("above: 50", "above: 50\n    below: 10"), "alert rule 'xixing_members_day_high': field 'below': a threshold rule has exactly one");
        assertBad(GOOD.replace("above: 50", "above: many"), "alert rule 'xixing_members_day_high': field 'above': must be a number");
        assertBad(GOOD.replace("grain: day", "grain: week"), "alert rule 'xixing_members_day_high': field 'grain': must be day, month or year");
        assertBad(GOOD.replace("slice: {street: xixing}", "slice: {town: xixing}"), "alert rule 'xixing_members_day_high': field 'slice': 'town' is not one of");
        assertBad(GOOD.replace("for: 30s", "for: soon"), "alert rule 'xixing_members_day_high': field 'for': 'soon' is not a duration");
        assertBad(GOOD.replace("severity: warning\n    type: threshold", "severity: loud\n    type: threshold"),
                "alert rule 'xixing_members_day_high': field 'severity': must be info, warning or critical");
        assertBad(GOOD.replace("behind_points: 10", "behind_points: 10\n    above: 3"), "alert rule 'unions_pace': field 'above': unknown field for a pace rule");
        assertBad(GOOD.replace("kpi: unions_founded_realname", "kpi: orgs_digitised"),
                "alert rule 'unions_pace': field 'kpi': KPI 'orgs_digitised' has no target for street ''");
        assertBad(GOOD.replace("direction: spike", "direction: up"), "alert rule 'members_spike': field 'direction': must be drop or spike");
        assertBad(GOOD.replace("stream: enrollment", "stream: payroll"), "alert rule 'enrollment_silent': field 'stream': 'payroll' is not one of");
        assertBad(GOOD.replace("after: 10min", "after: 0s"), "alert rule 'enrollment_silent': field 'after': must be longer than zero");
        assertBad(GOOD.replace("above_percent: 5", "above_percent: 500"), "alert rule 'dead_letters': field 'above_percent': must be a number between 0 and 100");
        assertBad(GOOD.replace("min_events: 100", ""), "alert rule 'dead_letters': field 'min_events': required");
        assertBad(GOOD.replace("id: members_spike", "id: unions_pace"), "alert rule 'unions_pace': field 'id': used by another rule");
        assertBad(GOOD.replace("  - id: unions_pace\n", "  - ident: unions_pace\n"), "alert rule #2: field 'id': required");
        assertBad("rules: []", "test: expected 'rules:'");
    }

    @Test
    void anUnknownRuleTypeIsRefusedNamingTheFileTheRuleAndTheTypeNeverDefaulted() {
        assertThatThrownBy(() -> FILE.parse(GOOD.replace("type: dead_letter_rate", "type: dead_letters"), "dashboards/alerts.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("dashboards/alerts.yaml: alert rule 'dead_letters': field 'type': unknown rule type 'dead_letters'"
                        + " (known: threshold, pace, baseline, silence, dead_letter_rate)");
        assertBad(GOOD.replace("type: threshold", "type: thresh"), "test: alert rule 'xixing_members_day_high': field 'type': unknown rule type 'thresh'");
    }

    @Test
    void everyKindOfConditionIsMadeByOneRuleType() {
        List<Class<?>> made = FILE.parse(GOOD, "test").stream().<Class<?>>map(r -> r.condition().getClass()).toList();
        assertThat(made).hasSize(RuleType.values().length).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(Condition.class.getPermittedSubclasses());
    }

    private static void assertBad(String yaml, String message) {
        assertThatThrownBy(() -> FILE.parse(yaml, "test")).isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }
}
