package cn.binjiang.union.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
    private static final YamlNode RULES = YamlFile.parse("alerts.yaml", """
            rules:
              - id: pace
                behind_points: 10
                slice: {street: xixing}
              - id: quiet
                behind_points: far
                enabled: maybe
            """);

    @Test
    void valuesAreReadWithTheirPath() {
        YamlNode first = RULES.required("rules").nonEmptyElements().get(0);
        assertThat(first.path()).isEqualTo("rules[0]");
        assertThat(first.required("id").text()).isEqualTo("pace");
        assertThat(first.required("behind_points").whole(0, 100)).isEqualTo(10);
        assertThat(first.get("slice").required("street").path()).isEqualTo("rules[0].slice.street");
        assertThat(first.get("for").text("0s")).isEqualTo("0s");
        assertThat(first.has("for")).isFalse();
        assertThat(first.get("nothing").elements()).isEmpty();
    }

    @Test
    void aLabelFollowsThePositionInTheErrorsOfTheNodeAndItsChildren() {
        YamlNode second = RULES.required("rules").elements().get(1).labelled("quiet");
        assertThat(second.path()).isEqualTo("rules[1] (quiet)");
        assertThatThrownBy(() -> second.required("behind_points").whole(0, 100))
                .hasMessage("alerts.yaml: rules[1] (quiet).behind_points: expected a whole number from 0 to 100,"
                        + " got 'far'");
        assertThatThrownBy(() -> second.required("slice")).hasMessage("alerts.yaml: rules[1] (quiet).slice: missing");
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnes() {
        YamlNode second = RULES.required("rules").elements().get(1);
        assertThatThrownBy(() -> second.allowKeys(Set.of("id", "behind_points")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("alerts.yaml: rules[1].enabled: unknown key (known: behind_points, id)");
    }

    @Test
    void aWrongTypeIsNamedWithWhatWasFound() {
        List<YamlNode> rules = RULES.required("rules").elements();
        assertThatThrownBy(() -> rules.get(1).required("behind_points").number(0, 100))
                .hasMessage("alerts.yaml: rules[1].behind_points: expected a number from 0 to 100, got 'far'");
        assertThatThrownBy(() -> rules.get(0).required("behind_points").whole(20, 30))
                .hasMessage("alerts.yaml: rules[0].behind_points: expected a whole number from 20 to 30, got 10");
        assertThatThrownBy(() -> rules.get(1).required("enabled").bool())
                .hasMessage("alerts.yaml: rules[1].enabled: expected true or false, got 'maybe'");
        assertThatThrownBy(() -> rules.get(0).required("slice").text())
                .hasMessage("alerts.yaml: rules[0].slice: expected a non-blank value, got a map");
        assertThatThrownBy(() -> rules.get(0).required("id").elements())
                .hasMessage("alerts.yaml: rules[0].id: expected a list, got 'pace'");
        assertThatThrownBy(() -> RULES.required("rules").required("id"))
                .hasMessage("alerts.yaml: rules: expected a map, got a list");
    }

    @Test
    void aMissingFieldIsNamed() {
        assertThatThrownBy(() -> RULES.required("rules").elements().get(1).required("slice"))
                .hasMessage("alerts.yaml: rules[1].slice: missing");
        assertThatThrownBy(() -> YamlFile.parse("empty.yaml", "").required("rules"))
                .hasMessage("empty.yaml: missing (a map with 'rules')");
        assertThatThrownBy(() -> YamlFile.parse("empty.yaml", "rules: []")
                        .required("rules")
                        .nonEmptyElements())
                .hasMessage("empty.yaml: rules: expected a non-empty list, got an empty one");
    }

    @Test
    void aKeyGivenTwiceAndBrokenSyntaxAreRefusedWithTheLine() {
        assertThatThrownBy(() -> YamlFile.parse("twice.yaml", "id: a\nid: b\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("twice.yaml: not valid YAML at line 2, column ")
                .hasMessageContaining("Duplicate field 'id'");
        assertThatThrownBy(() -> YamlFile.parse("broken.yaml", "rules:\n  - id: [a\n"))
                .hasMessageStartingWith("broken.yaml: not valid YAML at line ");
    }
}
