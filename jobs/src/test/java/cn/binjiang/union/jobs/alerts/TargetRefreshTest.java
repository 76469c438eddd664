package cn.binjiang.union.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.jobs.alerts.rules.KpiSlice;
import cn.binjiang.union.jobs.alerts.rules.Severity;
import cn.binjiang.union.jobs.alerts.rules.TargetLookup;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class TargetRefreshTest {
    static final KpiSlice DISTRICT = new KpiSlice("unions_founded_realname", "year", "", "", "", "");
    static final KpiSlice XIXING = new KpiSlice("unions_founded_realname", "year", "xixing", "", "", "");

    /** The targets table as the test sets it; unavailable while {@code away}. */
    static final Map<String, Map<Integer, Double>> TABLE = new HashMap<>();

    static boolean away;

    static AlertRule rule(String id, Condition c) {
        return new AlertRule(id, "规则", Severity.WARNING, c, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void theFirstReadingGoesToEveryPaceRuleThenOnlyARevisionEveryNthTick() throws Exception {
        TABLE.clear();
        TABLE.put("", Map.of(2022, 949.0));
        TABLE.put("xixing", Map.of(2022, 120.0));
        away = false;
        TargetLookup lookup = (kpi, street) -> {
            if (away) throw new TargetLookup.Unavailable("ClickHouse away", new SQLException("refused"));
            return TABLE.getOrDefault(street, Map.of());
        };
        TargetRefresh refresh = new TargetRefresh(
                List.of(
                        rule("district_pace", new Condition.Pace(DISTRICT, Map.of(2022, 949.0), 10)),
                        rule("xixing_high", new Condition.Threshold(XIXING, true, 100)),
                        rule("xixing_pace", new Condition.Pace(XIXING, Map.of(2022, 120.0), 10))),
                lookup,
                3);
        refresh.open(DefaultOpenContext.INSTANCE);
        List<AlertInput> out = new ArrayList<>();
        ListCollector<AlertInput> collector = new ListCollector<>(out);

        refresh.flatMap(0L, collector);
        assertThat(out)
                .as("after a start every pace rule hears its targets, as they stand, whatever it remembers")
                .extracting(AlertInput::ruleId, AlertInput::kind, AlertInput::targets)
                .containsExactly(
                        tuple("district_pace", AlertInput.Kind.TARGETS, Map.of(2022, 949.0)),
                        tuple("xixing_pace", AlertInput.Kind.TARGETS, Map.of(2022, 120.0)));

        out.clear();
        TABLE.put("xixing", Map.of(2022, 150.0));
        refresh.flatMap(1L, collector);
        refresh.flatMap(2L, collector);
        assertThat(out).as("read every third tick only").isEmpty();
        refresh.flatMap(3L, collector);
        assertThat(out)
                .as("only the rule whose target was revised")
                .extracting(AlertInput::ruleId, AlertInput::targets)
                .containsExactly(tuple("xixing_pace", Map.of(2022, 150.0)));

        out.clear();
        away = true;
        TABLE.put("", Map.of(2022, 1000.0));
        for (long tick = 4; tick <= 6; tick++) refresh.flatMap(tick, collector);
        assertThat(out).as("targets that cannot be read change nothing").isEmpty();
        away = false;
        for (long tick = 7; tick <= 9; tick++) refresh.flatMap(tick, collector);
        assertThat(out)
                .as("the revision made while the store was away, once it is back")
                .extracting(AlertInput::ruleId, AlertInput::targets)
                .containsExactly(tuple("district_pace", Map.of(2022, 1000.0)));
    }
}
