package cn.binjiang.union.schema.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GrainTest {
    @Test
    void aDateFallsInTheDayMonthAndYearThatStartOnTheirFirstDay() {
        LocalDate date = LocalDate.of(2022, 3, 17);
        assertThat(Grain.DAY.start(date)).isEqualTo(date);
        assertThat(Grain.MONTH.start(date)).isEqualTo(LocalDate.of(2022, 3, 1));
        assertThat(Grain.YEAR.start(date)).isEqualTo(LocalDate.of(2022, 1, 1));
        assertThat(Grain.MONTH.bucket(date))
                .isEqualTo((int) LocalDate.of(2022, 3, 1).toEpochDay());
    }

    @Test
    void thePeriodAfterEndsOnTheNextDayMonthOrYear() {
        assertThat(Grain.DAY.next(LocalDate.of(2022, 12, 31))).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(Grain.MONTH.next(LocalDate.of(2022, 2, 1))).isEqualTo(LocalDate.of(2022, 3, 1));
        assertThat(Grain.YEAR.next(LocalDate.of(2022, 1, 1))).isEqualTo(LocalDate.of(2023, 1, 1));
    }

    @Test
    void labelsAreTheLowerCaseNamesAndAnUnknownOneIsRefusedByName() {
        assertThat(Grain.values()).extracting(Grain::label).containsExactly("day", "month", "year");
        assertThat(Grain.ofLabel("month")).isEqualTo(Grain.MONTH);
        assertThatThrownBy(() -> Grain.ofLabel("week"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown grain 'week' (not one of [day, month, year])");
    }

    @Test
    void theCalendarsDayBeginsAtMidnightInBinjiangNotInUtc() {
        Instant lateEveningUtc = Instant.parse("2022-12-31T16:30:00Z");
        assertThat(KpiCalendar.dateOf(lateEveningUtc)).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(KpiCalendar.startOf(LocalDate.of(2023, 1, 1)))
                .isEqualTo(Instant.parse("2022-12-31T16:00:00Z").toEpochMilli());
    }
}
