package io.weir.cli.extract;

import io.weir.cli.Dates;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.schedule.DataInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** The data interval an extract run by hand covers: {@code --start} and {@code --end}, yesterday by default. */
final class IntervalOptions {
    @Option(
            names = {"-s", "--start"},
            paramLabel = "DATE",
            description = "Start of the interval (default: yesterday, UTC).")
    private String start;

    @Option(
            names = {"-e", "--end"},
            paramLabel = "DATE",
            description = "End of the interval (default: one day after the start).")
    private String end;

    DataInterval interval() {
        Instant from = start == null
                ? LocalDate.now(ZoneOffset.UTC)
                        .minusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                : Dates.parse(start);
        Instant to = end == null ? from.plus(Duration.ofDays(1)) : Dates.parse(end);
        if (!to.isAfter(from)) {
            throw new WeirException(ErrorCode.USER_INPUT, "--end " + end + " is not after --start " + start);
        }
        return new DataInterval(from, to);
    }
}
