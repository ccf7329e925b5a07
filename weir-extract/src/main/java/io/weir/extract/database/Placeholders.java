package io.weir.extract.database;

import io.weir.core.schedule.DataInterval;
import io.weir.extract.ExtractException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a manifest query's {@code {PLACEHOLDERS}}: the run's times, then the task's variables and secrets by name.
 * Times are written {@code yyyy-MM-dd HH:mm:ss} in UTC, which PostgreSQL, MariaDB and SQLite all compare and cast.
 */
public final class Placeholders {
    /** The placeholders that make a query incremental. */
    public static final Set<String> TIME_NAMES =
            Set.of("EXECUTION_DATE", "BEGIN_TIMESTAMP", "END_TIMESTAMP", "LAST_EXECUTION_DATE");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z][A-Z0-9_]*)}");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Placeholders() {}

    /** The placeholder names in {@code query}, in order of first use. */
    public static Set<String> names(String query) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(query);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Whether {@code query} reads a window of time, and so is loaded incrementally. */
    public static boolean isIncremental(String query) {
        return names(query).stream().anyMatch(TIME_NAMES::contains);
    }

    /**
     * {@code query} with every placeholder filled.
     *
     * @param where names the manifest and table for a message
     * @throws ExtractException naming the placeholder and the table when one is unknown
     */
    public static String render(String query, DataInterval interval, Map<String, String> variables, String where) {
        Matcher matcher = PLACEHOLDER.matcher(query);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = value(name, interval, variables);
            if (value == null) {
                throw new ExtractException("Unknown placeholder {" + name + "} in the query of " + where
                        + "; use one of {EXECUTION_DATE}, {BEGIN_TIMESTAMP}, {END_TIMESTAMP}, {LAST_EXECUTION_DATE},"
                        + " or set " + name + " in the task's env or declare it as a secret");
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    private static String value(String name, DataInterval interval, Map<String, String> variables) {
        return switch (name) {
            case "EXECUTION_DATE", "END_TIMESTAMP" -> format(interval.end());
            case "BEGIN_TIMESTAMP", "LAST_EXECUTION_DATE" -> format(interval.start());
            default -> variables.get(name);
        };
    }

    private static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
