package io.weir.core.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code @once}: a single run whose interval is [start_date, start_date]. */
final class OnceTimetable implements Timetable {

    @Override
    public String expression() {
        return "@once";
    }

    @Override
    public Optional<DataInterval> nextInterval(
            DataInterval lastAutomated, Instant startDate, Instant endDate, boolean catchup, Instant now) {
        if (lastAutomated != null || startDate == null || (endDate != null && startDate.isAfter(endDate))) {
            return Optional.empty();
        }
        return Optional.of(new DataInterval(startDate, startDate));
    }

    @Override
    public DataInterval intervalStartingAt(Instant logicalDate) {
        return new DataInterval(logicalDate, logicalDate);
    }

    @Override
    public List<DataInterval> intervalsBetween(Instant from, Instant to) {
        return from.isAfter(to) ? List.of() : List.of(new DataInterval(from, from));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OnceTimetable;
    }

    @Override
    public int hashCode() {
        return OnceTimetable.class.hashCode();
    }

    @Override
    public String toString() {
        return "@once";
    }
}
