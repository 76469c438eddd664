package cn.binjiang.union.seeds.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.avro.Envelope;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class BinjiangScenarioTest {
    private static final List<SpecificRecordBase> EVENTS = BinjiangScenario.events(2022, LoadReferenceData.roster());
    private static final Map<String, Long> CELLS = truth(EVENTS);

    @Test
    void theReportsFiguresAreExactAtDistrictLevelYearGrain() {
        assertThat(district("unions_founded_realname", 2022)).isEqualTo(949_00);
        assertThat(district("orgs_digitised", 2022)).isEqualTo(370_00);
        assertThat(district("unions_founded_new_form", 2022)).isEqualTo(12_00);
        assertThat(district("aid_funds_raised_cny", 2022)).isEqualTo(784_000_00);
        assertThat(CELLS).containsEntry("aid_funds_raised_cny|year|2022-01-01|district_level|||", 784_000_00L);
        assertThat(district("aid_households", 2022)).isEqualTo(52_00);
        assertThat(district("aid_paid_cny", 2022)).isEqualTo(247_000_00);
        assertThat(district("legal_packages_granted", 2021)).isEqualTo(17_00);
        assertThat(district("certificates_earned", 2021)).isEqualTo(379_00);
        assertThat(district("legal_group_enterprises", 2021)).isEqualTo(240_00);
    }

    @Test
    void cumulativeFiguresHaveNothingOutsideTheirYear() {
        assertThat(district("aid_funds_raised_cny", 2021)).isZero();
        assertThat(district("aid_households", 2021)).isZero();
        assertThat(district("aid_paid_cny", 2021)).isZero();
        assertThat(district("legal_group_enterprises", 2022)).isZero();
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthersWithTheSameFigures() {
        List<SpecificRecordBase> again = BinjiangScenario.events(2022, LoadReferenceData.roster());
        List<SpecificRecordBase> other = BinjiangScenario.events(7, LoadReferenceData.roster());

        assertThat(again).isEqualTo(EVENTS);
        assertThat(other).isNotEqualTo(EVENTS);
        Map<String, Long> otherCells = truth(other);
        assertThat(otherCells.get("unions_founded_realname|year|2022-01-01||||"))
                .isEqualTo(949_00L);
        assertThat(otherCells.get("certificates_earned|year|2021-01-01||||")).isEqualTo(379_00L);
    }

    @Test
    void eventsAreInEventTimeOrderWithinTheTwoYearsAndModestInVolume() {
        assertThat(EVENTS)
                .isSortedAccordingTo(Comparator.comparing(e -> envelope(e).getOccurredAt()));
        assertThat(envelope(EVENTS.get(0)).getOccurredAt()).isAfterOrEqualTo(Instant.parse("2020-12-31T16:00:00Z"));
        assertThat(envelope(EVENTS.get(EVENTS.size() - 1)).getOccurredAt())
                .isBefore(Instant.parse("2022-12-31T16:00:00Z"));
        assertThat(EVENTS.size()).isBetween(20_000, 60_000);
    }

    @Test
    void workdaysCarryTheLoadAndHolidaysAreQuiet() {
        long weekday = count(e -> !weekend(day(e)));
        long weekend = count(e -> weekend(day(e)));
        long springFestival2022 =
                count(e -> !day(e).isBefore(LocalDate.of(2022, 1, 31)) && !day(e).isAfter(LocalDate.of(2022, 2, 6)));

        // five workdays against two weekend days a week: a weekend day carries well under a third of a workday
        assertThat(weekend * 5.0 / 2).isLessThan(weekday * 0.3);
        assertThat(springFestival2022).isLessThan(EVENTS.size() / 300);
    }

    @Test
    void theNewFormDriveStartsInMarch2021() {
        Map<String, Long> newFormByMonth = CELLS.entrySet().stream()
                .filter(c -> c.getKey().startsWith("unions_founded_new_form|month|")
                        && c.getKey().endsWith("||||"))
                .collect(Collectors.toMap(
                        c -> c.getKey().split("\\|")[2], Map.Entry::getValue, Long::sum, TreeMap::new));

        assertThat(newFormByMonth.keySet()).first().isEqualTo("2021-03-01");
        assertThat(district("unions_founded_new_form", 2021)).isEqualTo(7_00);
    }

    @Test
    void theTrainingFunnelNarrowsFromStartsToCompletionsToCertificates() {
        long started = district("trainings_started", 2021);
        long completed = district("trainings_completed", 2021);
        long certified = district("certificates_earned", 2021);

        assertThat((double) completed / started).isBetween(0.70, 0.90);
        assertThat((double) certified / completed).isBetween(0.55, 0.80);
    }

    @Test
    void streetsAreSkewedAndMembersJoinFarMoreThanTheyLeave() {
        long xixing = cell("unions_founded_realname|year|2022-01-01|xixing|||");
        long puyan = cell("unions_founded_realname|year|2022-01-01|puyan|||");

        assertThat(xixing).isGreaterThan(puyan * 3 / 2);
        assertThat(district("members_joined", 2022)).isGreaterThan(3 * district("members_left", 2022));
        assertThat(district("members_net", 2022)).isGreaterThan(5_000_00);
    }

    private static long district(String kpi, int year) {
        return cell(kpi + "|year|" + year + "-01-01||||");
    }

    private static long cell(String key) {
        return CELLS.getOrDefault(key, 0L);
    }

    private static long count(Predicate<SpecificRecordBase> which) {
        return EVENTS.stream().filter(which).count();
    }

    private static boolean weekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static LocalDate day(SpecificRecordBase event) {
        return Season.dayOf(envelope(event).getOccurredAt());
    }

    private static Envelope envelope(SpecificRecordBase event) {
        return EventStream.of(event).envelopeOf(event);
    }

    private static Map<String, Long> truth(List<SpecificRecordBase> events) {
        GroundTruth truth = new GroundTruth();
        events.forEach(truth::add);
        return truth.cells();
    }
}
