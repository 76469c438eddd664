package cn.binjiang.union.seeds.truth;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.avro.AidEventType;
import cn.binjiang.union.schema.avro.EnrollmentEventType;
import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
    private final List<RosterEnterprise> roster = EnterpriseRoster.generate(7, 10);
    private final RandomEvents events = new RandomEvents(7, roster);

    @Test
    void aPaymentCountsInEveryGrainAndRollUpOfItsTwoDimensions() {
        var paid = events.aid(AidEventType.AID_PAID, Instant.parse("2022-12-31T16:30:00Z"));
        paid.setAmountCny(new BigDecimal("2470.00"));
        GroundTruth truth = new GroundTruth();

        truth.add(paid);

        String street = paid.getEnvelope().getStreet().name().toLowerCase();
        String category = paid.getCategory().name().toLowerCase();
        assertThat(truth.cells())
                .hasSize(2 * 3 * 4)
                .containsEntry("aid_paid_cny|year|2023-01-01||||", 247_000L)
                .containsEntry("aid_paid_cny|day|2023-01-01|" + street + "|||" + category, 247_000L)
                .containsEntry("aid_households|month|2023-01-01|" + street + "|||", 100L)
                .containsEntry("aid_households|year|2023-01-01||||" + category, 100L);
    }

    @Test
    void aMemberLeavingSubtractsFromNetGrowth() {
        GroundTruth truth = new GroundTruth();
        Instant at = Instant.parse("2022-03-08T02:00:00Z");

        truth.add(events.enrollment(EnrollmentEventType.MEMBER_JOINED, at));
        truth.add(events.enrollment(EnrollmentEventType.MEMBER_JOINED, at));
        truth.add(events.enrollment(EnrollmentEventType.MEMBER_LEFT, at));

        assertThat(truth.cells())
                .containsEntry("members_joined|year|2022-01-01||||", 200L)
                .containsEntry("members_left|year|2022-01-01||||", 100L)
                .containsEntry("members_net|year|2022-01-01||||", 100L);
    }

    @Test
    void districtLevelFundsAreTheirOwnStreetSliceAndInTheDistrictTotal() {
        var raised = events.aid(AidEventType.FUNDS_RAISED, Instant.parse("2022-05-01T02:00:00Z"));
        raised.getEnvelope().setStreet(null);
        raised.setAmountCny(new BigDecimal("784000.00"));
        GroundTruth truth = new GroundTruth();

        truth.add(raised);

        assertThat(truth.cells())
                .containsEntry("aid_funds_raised_cny|year|2022-01-01||||", 78_400_000L)
                .containsEntry("aid_funds_raised_cny|year|2022-01-01|district_level|||", 78_400_000L)
                .hasSize(3 * 2);
    }
}
