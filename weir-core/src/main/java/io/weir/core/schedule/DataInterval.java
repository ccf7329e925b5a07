package io.weir.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The half-open interval [start, end) of data a run covers; its logical date is the start. */
public record DataInterval(Instant start, Instant end) {
    public DataInterval {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end before start: " + start + " > " + end);
        }
    }

    public Instant logicalDate() {
        return start;
    }
}
