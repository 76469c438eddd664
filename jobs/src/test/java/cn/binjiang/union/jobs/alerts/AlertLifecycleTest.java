package cn.binjiang.union.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.jobs.alerts.AlertLifecycle.State;
import cn.binjiang.union.jobs.alerts.AlertLifecycle.Status;
import cn.binjiang.union.jobs.alerts.AlertLifecycle.Step;
import cn.binjiang.union.jobs.alerts.rules.AlertRule;
import cn.binjiang.union.jobs.alerts.rules.Condition;
import cn.binjiang.union.jobs.alerts.rules.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
    static AlertRule rule(Duration pendingFor, Duration suppressFor) {
        return new AlertRule(
                "enrollment_silent",
                "入会事件流中断",
                Severity.CRITICAL,
                new Condition.Silence("enrollment", Duration.ofMinutes(1)),
                pendingFor,
                suppressFor);
    }

    static final long BASE = 1_700_000_000_000L;

    /** Observes {@code holds[i]} at second {@code i}; returns "status@second notify" of every transition. */
    static List<String> run(AlertRule rule, boolean... holds) {
        State s = State.INITIAL;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < holds.length; i++) {
            Step step = AlertLifecycle.observe(rule, s, holds[i], BASE + i * 1000L, "m" + i);
            s = step.state();
            step.transition()
                    .ifPresent(t -> out.add(t.status() + "@" + (t.at() - BASE) / 1000 + (t.notifies() ? " notify" : "")
                            + " " + t.transitionId()));
        }
        return out;
    }

    @Test
    void firesOnceWhileTheConditionHoldsAndResolvesOnceWhenItStops() {
        assertThat(run(rule(Duration.ZERO, Duration.ofMinutes(30)), false, true, true, true, false, false))
                .containsExactly("firing@1 notify enrollment_silent#1", "resolved@4 notify enrollment_silent#2");
    }

    @Test
    void staysPendingUntilTheConditionHeldForItsDuration() {
        assertThat(run(rule(Duration.ofSeconds(2), Duration.ofMinutes(30)), true, true, true, true, false))
                .containsExactly(
                        "pending@0 enrollment_silent#1",
                        "firing@2 notify enrollment_silent#2",
                        "resolved@4 notify enrollment_silent#3");
    }

    @Test
    void aPendingThatClearsIsResolvedWithoutANotification() {
        assertThat(run(rule(Duration.ofSeconds(5), Duration.ofMinutes(30)), true, true, false, false))
                .containsExactly("pending@0 enrollment_silent#1", "resolved@2 enrollment_silent#2");
    }

    @Test
    void aRepeatWithinTheSuppressionWindowIsRecordedButNotNotifiedNorIsItsResolution() {
        assertThat(run(rule(Duration.ZERO, Duration.ofSeconds(5)), true, false, true, false, false, false, true, false))
                .containsExactly(
                        "firing@0 notify enrollment_silent#1",
                        "resolved@1 notify enrollment_silent#2",
                        "firing@2 enrollment_silent#3",
                        "resolved@3 enrollment_silent#4",
                        "firing@6 notify enrollment_silent#5",
                        "resolved@7 notify enrollment_silent#6");
    }

    @Test
    void eachTransitionNamesTheNotifiedOneBeforeItSoTheWebhookGetsThemInOrder() {
        AlertRule rule = rule(Duration.ZERO, Duration.ofSeconds(5));
        State s = State.INITIAL;
        List<String> afters = new ArrayList<>();
        boolean[] holds = {true, false, true, false, false, false, true};
        for (int i = 0; i < holds.length; i++) {
            Step step = AlertLifecycle.observe(rule, s, holds[i], BASE + i * 1000L, "m");
            s = step.state();
            step.transition().ifPresent(t -> afters.add(t.transitionId() + "<" + t.after()));
        }
        assertThat(afters)
                .containsExactly(
                        "enrollment_silent#1<",
                        "enrollment_silent#2<enrollment_silent#1",
                        "enrollment_silent#3<enrollment_silent#2",
                        "enrollment_silent#4<enrollment_silent#2",
                        "enrollment_silent#5<enrollment_silent#2");
    }

    @Test
    void theStateAfterAResolutionIsResolvedAndTheSequenceContinues() {
        Step fired = AlertLifecycle.observe(rule(Duration.ZERO, Duration.ZERO), State.INITIAL, true, 1000, "m");
        Step resolved = AlertLifecycle.observe(rule(Duration.ZERO, Duration.ZERO), fired.state(), false, 2000, "m");
        assertThat(resolved.state().status()).isEqualTo(Status.RESOLVED);
        assertThat(resolved.state().seq()).isEqualTo(2);
        assertThat(AlertLifecycle.observe(rule(Duration.ZERO, Duration.ZERO), resolved.state(), false, 3000, "m")
                        .transition())
                .isEmpty();
    }
}
