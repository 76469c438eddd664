package cn.binjiang.union.seeds.generator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.ids.CheckDigits;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnterpriseRosterTest {

    @Test
    void theSameSeedGivesTheSameRosterOfValidDistinctCodes() {
        List<RosterEnterprise> roster = EnterpriseRoster.generate(2022, 3_000);

        assertThat(EnterpriseRoster.generate(2022, 3_000)).isEqualTo(roster);
        assertThat(roster).hasSize(3_000).allSatisfy(e -> {
            assertThat(CheckDigits.isValidCreditCode(e.creditCode()))
                    .as(e.creditCode())
                    .isTrue();
            assertThat(e.creditCode()).startsWith("91330108");
            assertThat(e.name()).contains("合成");
            assertThat(e.employeeCount()).isBetween(3, 20_000);
        });
        assertThat(roster.stream().map(RosterEnterprise::creditCode).distinct()).hasSize(3_000);
    }

    @Test
    void residentIdsPassTheirCheck() {
        var random = new java.util.Random(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(CheckDigits.isValidResidentId(ResidentIds.next(random))).isTrue();
        }
    }
}
