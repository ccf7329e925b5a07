package io.weir.core.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a DAG's runs fall due: a cron expression or preset evaluated in the DAG's timezone. A run covers one data
 * interval; its logical date is the interval start and it fires when the interval ends.
 */
public interface Timetable {

    /** The schedule as written in the DAG file, for display ({@code @daily}, {@code 0 *}{@code /6 * * *}). */
    String expression();

    /**
     * The interval of the next scheduled run after {@code lastAutomated} (the latest scheduled or backfill run's
     * interval, or null when there is none). The first interval starts at or after {@code startDate}, aligned to
     * the schedule. With {@code catchup} false, missed intervals are skipped: the answer is then the latest interval
     * that has ended by {@code now} (or the first one after it when none has). Empty when the next interval would
     * start after {@code endDate}, or for {@code @once} after its single run. The caller creates the run only once
     * {@code interval.end()} is not after now.
     */
    Optional<DataInterval> nextInterval(
            DataInterval lastAutomated, Instant startDate, Instant endDate, boolean catchup, Instant now);

    /** The interval of a run whose logical date is given (manual triggers and backfills on an aligned date). */
    DataInterval intervalStartingAt(Instant logicalDate);

    /** Every interval whose start lies in [from, to], in order (backfill). */
    List<DataInterval> intervalsBetween(Instant from, Instant to);
}
