package io.weir.core.schedule;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron schedule evaluated on the wall clock of the DAG's timezone. A wall time skipped by a spring-forward change
 * fires at the first instant after the gap; a wall time repeated by a fall-back change fires once, except for
 * schedules that fire every hour, which fire at both so that their intervals stay regular.
 */
final class CronTimetable implements Timetable {
    private static final int MAX_INTERVALS = 100_000;
    private static final Duration OFFSET_WINDOW = Duration.ofDays(2);
    private static final String PARSE_FAILURE_PREFIX = "Failed to parse cron expression. ";

    private final String expression;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final ExecutionTime executionTime;
    private final boolean everyHour;

    CronTimetable(String expression, String cron, ZoneId zone) {
        this.expression = requireNonNull(expression, "expression is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.rules = zone.getRules();
        Cron parsed;
        try {
            parsed = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
                    .parse(cron)
                    .validate();
        } catch (IllegalArgumentException e) {
            String reason =
                    Objects.requireNonNullElse(e.getMessage(), "invalid").replace(PARSE_FAILURE_PREFIX, "");
            throw new IllegalArgumentException(
                    "Schedule '" + expression + "' is not a valid cron expression (" + reason + "); "
                            + Timetables.ACCEPTED_FORMS,
                    e);
        }
        this.executionTime = ExecutionTime.forCron(parsed);
        this.everyHour = cron.trim().split("\\s+")[1].startsWith("*");
        if (executionTime
                .nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .isEmpty()) {
            throw new IllegalArgumentException(
                    "Schedule '" + expression + "' never fires; " + Timetables.ACCEPTED_FORMS);
        }
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public Optional<DataInterval> nextInterval(
            DataInterval lastAutomated, Instant startDate, Instant endDate, boolean catchup, Instant now) {
        Instant earliest = startDate == null ? null : alignNext(startDate);
        if (!catchup) {
            earliest = latestEndedStart(earliest, requireNonNull(now, "now is null"));
        }
        Instant start;
        if (lastAutomated == null) {
            if (earliest == null) {
                return Optional.empty();
            }
            start = earliest;
        } else {
            // aligning matters when the schedule changed since the last run
            start = alignPrevious(lastAutomated.end());
            if (earliest != null && earliest.isAfter(start)) {
                start = earliest;
            }
        }
        if (endDate != null && start.isAfter(endDate)) {
            return Optional.empty();
        }
        return Optional.of(new DataInterval(start, next(start)));
    }

    @Override
    public DataInterval intervalStartingAt(Instant logicalDate) {
        return new DataInterval(logicalDate, next(logicalDate));
    }

    @Override
    public List<DataInterval> intervalsBetween(Instant from, Instant to) {
        List<DataInterval> intervals = new ArrayList<>();
        for (Instant start = alignNext(from); !start.isAfter(to); ) {
            if (intervals.size() == MAX_INTERVALS) {
                throw new IllegalArgumentException("The range " + from + " to " + to + " holds more than "
                        + MAX_INTERVALS + " intervals of schedule '" + expression + "'; choose a shorter range");
            }
            Instant end = next(start);
            intervals.add(new DataInterval(start, end));
            start = end;
        }
        return intervals;
    }

    /** The start of the latest interval that has ended by {@code now}, or {@code earliest} when that is later. */
    private Instant latestEndedStart(Instant earliest, Instant now) {
        Instant start = previous(alignPrevious(now));
        return earliest == null || start.isAfter(earliest) ? start : earliest;
    }

    private Instant alignNext(Instant instant) {
        Instant next = next(instant.minusNanos(1));
        return next.equals(instant) ? instant : next(instant);
    }

    private Instant alignPrevious(Instant instant) {
        Instant next = next(instant.minusNanos(1));
        return next.equals(instant) ? instant : previous(instant);
    }

    /** The first fire strictly after {@code after}. */
    Instant next(Instant after) {
        OffsetRange offsets = offsetsAround(after);
        // a wall time fires at its wall clock read with one of the offsets in force around it
        LocalDateTime wall = after.atOffset(offsets.min()).toLocalDateTime();
        if (offsets.fixed()) {
            return nextWall(wall).toInstant(offsets.min());
        }
        Instant best = null;
        while (true) {
            wall = nextWall(wall);
            if (best != null && !wall.toInstant(offsets.max()).isBefore(best)) {
                return best;
            }
            for (Instant candidate : instants(wall)) {
                if (candidate.isAfter(after) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                }
            }
        }
    }

    /** The last fire strictly before {@code before}. */
    Instant previous(Instant before) {
        OffsetRange offsets = offsetsAround(before);
        LocalDateTime wall = before.atOffset(offsets.max()).toLocalDateTime();
        if (offsets.fixed()) {
            return previousWall(wall).toInstant(offsets.max());
        }
        Instant best = null;
        while (true) {
            wall = previousWall(wall);
            if (best != null && !wall.toInstant(offsets.min()).isAfter(best)) {
                return best;
            }
            for (Instant candidate : instants(wall)) {
                if (candidate.isBefore(before) && (best == null || candidate.isAfter(best))) {
                    best = candidate;
                }
            }
        }
    }

    private List<Instant> instants(LocalDateTime wall) {
        List<ZoneOffset> valid = rules.getValidOffsets(wall);
        if (valid.size() == 1) {
            return List.of(wall.toInstant(valid.get(0)));
        }
        ZoneOffsetTransition transition = rules.getTransition(wall);
        Instant first = wall.toInstant(transition.getOffsetBefore());
        if (valid.isEmpty() || !everyHour) {
            return List.of(first);
        }
        return List.of(first, wall.toInstant(transition.getOffsetAfter()));
    }

    private LocalDateTime nextWall(LocalDateTime after) {
        return executionTime
                .nextExecution(after.atZone(ZoneOffset.UTC))
                .orElseThrow(
                        () -> new IllegalStateException("Schedule '" + expression + "' has no fire after " + after))
                .toLocalDateTime();
    }

    private LocalDateTime previousWall(LocalDateTime before) {
        return executionTime
                .lastExecution(before.atZone(ZoneOffset.UTC))
                .orElseThrow(
                        () -> new IllegalStateException("Schedule '" + expression + "' has no fire before " + before))
                .toLocalDateTime();
    }

    private OffsetRange offsetsAround(Instant instant) {
        Instant from = instant.minus(OFFSET_WINDOW);
        Instant to = instant.plus(OFFSET_WINDOW);
        ZoneOffset min = rules.getOffset(from);
        ZoneOffset max = min;
        for (ZoneOffsetTransition transition = rules.nextTransition(from);
                transition != null && !transition.getInstant().isAfter(to);
                transition = rules.nextTransition(transition.getInstant())) {
            ZoneOffset offset = transition.getOffsetAfter();
            min = offset.getTotalSeconds() < min.getTotalSeconds() ? offset : min;
            max = offset.getTotalSeconds() > max.getTotalSeconds() ? offset : max;
        }
        return new OffsetRange(min, max);
    }

    private record OffsetRange(ZoneOffset min, ZoneOffset max) {
        boolean fixed() {
            return min.equals(max);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronTimetable that && expression.equals(that.expression) && zone.equals(that.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone);
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
