package io.weir.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimetablesTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant FAR_FUTURE = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void noScheduleIsNull() {
        assertThat(Timetables.parse(null, UTC)).isNull();
        assertThat(Timetables.parse("  ", UTC)).isNull();
        assertThat(Timetables.parse("None", UTC)).isNull();
    }

    @Test
    void presetsAreTheirCronExpressions() {
        Instant start = utc("2024-01-01T00:00");
        assertThat(first("@hourly", start)).isEqualTo(interval("2024-01-01T00:00", "2024-01-01T01:00"));
        assertThat(first("@daily", start)).isEqualTo(interval("2024-01-01T00:00", "2024-01-02T00:00"));
        assertThat(first("@weekly", start)).isEqualTo(interval("2024-01-07T00:00", "2024-01-14T00:00"));
        assertThat(first("@monthly", start)).isEqualTo(interval("2024-01-01T00:00", "2024-02-01T00:00"));
        assertThat(first("@yearly", start)).isEqualTo(interval("2024-01-01T00:00", "2025-01-01T00:00"));
        assertThat(first("@annually", start)).isEqualTo(interval("2024-01-01T00:00", "2025-01-01T00:00"));
        assertThat(Timetables.parse("@daily", UTC).expression()).isEqualTo("@daily");
    }

    @Test
    void cronIntervalsFollowEachOther() {
        Timetable timetable = Timetables.parse("0 */6 * * *", UTC);
        DataInterval first = timetable
                .nextInterval(null, utc("2024-01-01T00:00"), null, true, FAR_FUTURE)
                .orElseThrow();
        DataInterval second = timetable
                .nextInterval(first, utc("2024-01-01T00:00"), null, true, FAR_FUTURE)
                .orElseThrow();
        assertThat(first).isEqualTo(interval("2024-01-01T00:00", "2024-01-01T06:00"));
        assertThat(second).isEqualTo(interval("2024-01-01T06:00", "2024-01-01T12:00"));
        assertThat(second.logicalDate()).isEqualTo(utc("2024-01-01T06:00"));
    }

    @Test
    void firstIntervalIsAlignedAfterAnUnalignedStartDate() {
        assertThat(first("@daily", utc("2024-01-01T06:30")))
                .isEqualTo(interval("2024-01-02T00:00", "2024-01-03T00:00"));
        assertThat(first("@hourly", utc("2024-01-01T06:30")))
                .isEqualTo(interval("2024-01-01T07:00", "2024-01-01T08:00"));
    }

    @Test
    void catchupOffStartsAtTheLatestEndedInterval() {
        Timetable daily = Timetables.parse("@daily", UTC);
        Instant start = utc("2024-01-01T00:00");
        Instant now = utc("2024-01-10T12:00");
        assertThat(daily.nextInterval(null, start, null, false, now))
                .contains(interval("2024-01-09T00:00", "2024-01-10T00:00"));
        // missed intervals after the last run are skipped
        assertThat(daily.nextInterval(interval("2024-01-03T00:00", "2024-01-04T00:00"), start, null, false, now))
                .contains(interval("2024-01-09T00:00", "2024-01-10T00:00"));
        // after the latest ended interval, the next one is not due yet
        assertThat(daily.nextInterval(interval("2024-01-09T00:00", "2024-01-10T00:00"), start, null, false, now))
                .contains(interval("2024-01-10T00:00", "2024-01-11T00:00"));
        // exactly on a boundary, the interval ending now has ended
        assertThat(daily.nextInterval(null, start, null, false, utc("2024-01-10T00:00")))
                .contains(interval("2024-01-09T00:00", "2024-01-10T00:00"));
    }

    @Test
    void catchupOffWithAFutureStartDateWaitsForTheFirstInterval() {
        Timetable daily = Timetables.parse("@daily", UTC);
        assertThat(daily.nextInterval(null, utc("2024-02-01T00:00"), null, false, utc("2024-01-10T12:00")))
                .contains(interval("2024-02-01T00:00", "2024-02-02T00:00"));
    }

    @Test
    void catchupOnWalksEveryMissedInterval() {
        Timetable daily = Timetables.parse("@daily", UTC);
        Instant start = utc("2024-01-01T00:00");
        DataInterval last = interval("2024-01-03T00:00", "2024-01-04T00:00");
        assertThat(daily.nextInterval(last, start, null, true, utc("2024-01-10T12:00")))
                .contains(interval("2024-01-04T00:00", "2024-01-05T00:00"));
    }

    @Test
    void noIntervalStartsAfterTheEndDate() {
        Timetable daily = Timetables.parse("@daily", UTC);
        Instant start = utc("2024-01-01T00:00");
        Instant end = utc("2024-01-03T00:00");
        assertThat(daily.nextInterval(interval("2024-01-02T00:00", "2024-01-03T00:00"), start, end, true, FAR_FUTURE))
                .contains(interval("2024-01-03T00:00", "2024-01-04T00:00"));
        assertThat(daily.nextInterval(interval("2024-01-03T00:00", "2024-01-04T00:00"), start, end, true, FAR_FUTURE))
                .isEmpty();
        assertThat(daily.nextInterval(null, utc("2024-02-01T00:00"), end, true, FAR_FUTURE))
                .isEmpty();
    }

    @Test
    void onceRunsASingleIntervalAtTheStartDate() {
        Timetable once = Timetables.parse("@once", UTC);
        Instant start = utc("2024-01-01T06:30");
        Optional<DataInterval> first = once.nextInterval(null, start, null, true, FAR_FUTURE);
        assertThat(first).contains(new DataInterval(start, start));
        assertThat(once.nextInterval(first.orElseThrow(), start, null, true, FAR_FUTURE))
                .isEmpty();
        assertThat(once.nextInterval(null, start, utc("2023-12-31T00:00"), true, FAR_FUTURE))
                .isEmpty();
        assertThat(once.expression()).isEqualTo("@once");
    }

    @Test
    void intervalStartingAtAnAlignedDateIsTheScheduledOne() {
        Timetable daily = Timetables.parse("@daily", UTC);
        assertThat(daily.intervalStartingAt(utc("2024-03-05T00:00")))
                .isEqualTo(interval("2024-03-05T00:00", "2024-03-06T00:00"));
    }

    @Test
    void backfillCoversEveryIntervalStartingInTheRange() {
        Timetable daily = Timetables.parse("@daily", UTC);
        List<DataInterval> intervals = daily.intervalsBetween(utc("2024-01-01T00:00"), utc("2024-01-07T00:00"));
        assertThat(intervals).hasSize(7);
        assertThat(intervals.get(0)).isEqualTo(interval("2024-01-01T00:00", "2024-01-02T00:00"));
        assertThat(intervals.get(6)).isEqualTo(interval("2024-01-07T00:00", "2024-01-08T00:00"));
        assertThat(daily.intervalsBetween(utc("2024-01-01T12:00"), utc("2024-01-02T12:00")))
                .containsExactly(interval("2024-01-02T00:00", "2024-01-03T00:00"));
        assertThat(daily.intervalsBetween(utc("2024-01-02T00:00"), utc("2024-01-01T00:00")))
                .isEmpty();
    }

    @Test
    void dailyIntervalsAcrossDaylightSavingChangesLast23Or25Hours() {
        Timetable daily = Timetables.parse("@daily", AMSTERDAM);
        assertThat(hours(daily.intervalsBetween(
                        local("2024-03-30T00:00", AMSTERDAM), local("2024-04-01T00:00", AMSTERDAM))))
                .containsExactly(24L, 23L, 24L);
        assertThat(hours(daily.intervalsBetween(
                        local("2024-10-26T00:00", AMSTERDAM), local("2024-10-28T00:00", AMSTERDAM))))
                .containsExactly(24L, 25L, 24L);
        DataInterval springDay = daily.intervalStartingAt(local("2024-03-31T00:00", AMSTERDAM));
        assertThat(springDay.start()).isEqualTo(utc("2024-03-30T23:00"));
        assertThat(springDay.end()).isEqualTo(utc("2024-03-31T22:00"));

        Timetable newYork = Timetables.parse("0 0 * * *", NEW_YORK);
        assertThat(hours(newYork.intervalsBetween(
                        local("2024-03-10T00:00", NEW_YORK), local("2024-03-10T00:00", NEW_YORK))))
                .containsExactly(23L);
        assertThat(hours(newYork.intervalsBetween(
                        local("2024-11-03T00:00", NEW_YORK), local("2024-11-03T00:00", NEW_YORK))))
                .containsExactly(25L);
    }

    @Test
    void hourlyIntervalsStayOneHourAcrossDaylightSavingChanges() {
        Timetable hourly = Timetables.parse("@hourly", AMSTERDAM);
        List<DataInterval> spring = hourly.intervalsBetween(utc("2024-03-30T22:00"), utc("2024-03-31T04:00"));
        assertThat(spring).hasSize(7).allSatisfy(i -> assertThat(hours(i)).isEqualTo(1L));
        List<DataInterval> autumn = hourly.intervalsBetween(utc("2024-10-26T22:00"), utc("2024-10-27T04:00"));
        assertThat(autumn).hasSize(7).allSatisfy(i -> assertThat(hours(i)).isEqualTo(1L));
        // local 02:00 happens twice on 27 October: both are run starts
        assertThat(autumn)
                .extracting(i -> i.start().atZone(AMSTERDAM).toLocalTime().getHour())
                .containsExactly(0, 1, 2, 2, 3, 4, 5);
    }

    @Test
    void aTimeSkippedBySpringForwardFiresRightAfterTheGapAndARepeatedTimeFiresOnce() {
        Timetable at0230 = Timetables.parse("30 2 * * *", AMSTERDAM);
        List<DataInterval> spring = at0230.intervalsBetween(utc("2024-03-30T00:00"), utc("2024-04-01T12:00"));
        assertThat(spring)
                .extracting(DataInterval::start)
                .containsExactly(utc("2024-03-30T01:30"), utc("2024-03-31T01:30"), utc("2024-04-01T00:30"));
        List<DataInterval> autumn = at0230.intervalsBetween(utc("2024-10-26T00:00"), utc("2024-10-28T12:00"));
        assertThat(autumn)
                .extracting(DataInterval::start)
                .containsExactly(utc("2024-10-26T00:30"), utc("2024-10-27T00:30"), utc("2024-10-28T01:30"));
    }

    @Test
    void nextAndPreviousAgreeAroundDaylightSavingChanges() {
        for (String expression :
                List.of("@hourly", "@daily", "*/20 * * * *", "30 2 * * *", "0 1,2,3 * * *", "15 */2 * * *")) {
            CronTimetable timetable = (CronTimetable) Timetables.parse(expression, AMSTERDAM);
            for (Instant from : List.of(utc("2024-03-29T12:00"), utc("2024-10-25T12:00"))) {
                List<Instant> fires = new ArrayList<>();
                Instant fire = timetable.next(from);
                while (fire.isBefore(from.plus(Duration.ofDays(4)))) {
                    fires.add(fire);
                    fire = timetable.next(fire);
                }
                for (int i = 1; i < fires.size(); i++) {
                    assertThat(fires.get(i)).as(expression).isAfter(fires.get(i - 1));
                    assertThat(timetable.previous(fires.get(i))).as(expression).isEqualTo(fires.get(i - 1));
                    Instant between = fires.get(i - 1).plusSeconds(1);
                    assertThat(timetable.next(between)).as(expression).isEqualTo(fires.get(i));
                }
            }
        }
    }

    @Test
    void catchupOffAcrossDaylightSavingUsesLocalMidnight() {
        Timetable daily = Timetables.parse("@daily", AMSTERDAM);
        assertThat(daily.nextInterval(null, local("2024-01-01T00:00", AMSTERDAM), null, false, utc("2024-10-28T12:00")))
                .contains(new DataInterval(utc("2024-10-26T22:00"), utc("2024-10-27T23:00")));
    }

    @Test
    void badSchedulesSayWhy() {
        assertThatThrownBy(() -> Timetables.parse("61 * * * *", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'61 * * * *'")
                .hasMessageContaining("Value 61 not in range [0, 59]")
                .hasMessageContaining("@daily");
        assertThatThrownBy(() -> Timetables.parse("0 0 * *", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 parts");
        assertThatThrownBy(() -> Timetables.parse("@sometimes", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a known preset");
        assertThatThrownBy(() -> Timetables.parse("0 0 30 2 *", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never fires");
    }

    private static DataInterval first(String expression, Instant startDate) {
        return Timetables.parse(expression, UTC)
                .nextInterval(null, startDate, null, true, FAR_FUTURE)
                .orElseThrow();
    }

    private static List<Long> hours(List<DataInterval> intervals) {
        return intervals.stream().map(TimetablesTest::hours).toList();
    }

    private static long hours(DataInterval interval) {
        return Duration.between(interval.start(), interval.end()).toHours();
    }

    private static DataInterval interval(String start, String end) {
        return new DataInterval(utc(start), utc(end));
    }

    private static Instant utc(String localDateTime) {
        return local(localDateTime, UTC);
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
