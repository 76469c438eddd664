package cn.binjiang.union.seeds.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
    @Test
    void aScenarioReplaysAYearInAboutTenMinutesUnlessToldASpeed() {
        GeneratorOptions byDefault = GeneratorOptions.parse(new String[] {"--scenario", "binjiang-2022"});
        GeneratorOptions fastest =
                GeneratorOptions.parse(new String[] {"--scenario", "binjiang-2022", "--speed", "max"});
        GeneratorOptions hundredfold =
                GeneratorOptions.parse(new String[] {"--scenario", "binjiang-2022", "--speed", "100"});

        assertThat(byDefault.speed()).isEqualTo(52_560.0);
        assertThat(365 * 24 * 60 / byDefault.speed()).isEqualTo(10.0);
        assertThat(fastest.speed()).isInfinite();
        assertThat(hundredfold.speed()).isEqualTo(100.0);
        assertThat(hundredfold.scenario()).contains("binjiang-2022");
    }

    @Test
    void speedMaxWithoutAScenarioIsALiveLoadAsFastAsPossible() {
        GeneratorOptions options = GeneratorOptions.parse(new String[] {"--speed", "max", "--duration", "5"});

        assertThat(options.rate()).isZero();
        assertThat(options.scenario()).isEmpty();
    }

    @Test
    void aLiveLoadRunsUntilStoppedWithDurationForever() {
        GeneratorOptions trickle =
                GeneratorOptions.parse(new String[] {"--rate", "10", "--duration", "forever", "--bad-ratio", "0.01"});

        assertThat(trickle.durationSeconds()).isInfinite();
        assertThat(trickle.rate()).isEqualTo(10.0);
        assertThatThrownBy(() -> GeneratorOptions.parse(new String[] {"--duration", "always"}))
                .hasMessageStartingWith("--duration takes a number");
    }

    @Test
    void optionsThatDoNotFitTogetherAreRefusedByName() {
        assertThatThrownBy(() -> GeneratorOptions.parse(new String[] {"--speed", "100"}))
                .hasMessageStartingWith("--speed N compresses");
        assertThatThrownBy(() -> GeneratorOptions.parse(new String[] {"--scenario", "binjiang-2022", "--rate", "10"}))
                .hasMessageStartingWith("--rate, --duration and --late-ratio are for a live load");
        assertThatThrownBy(() -> GeneratorOptions.parse(new String[] {"--scenario", "binjiang-2023"}))
                .hasMessageStartingWith("unknown scenario 'binjiang-2023'");
    }
}
