package io.weir.web.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Query parameters read with a 400 problem naming the parameter when one is malformed. */
final class Params {
    private Params() {}

    static int intParam(Context ctx, String name, int defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("Query parameter " + name + " must be an integer, not '" + value + "'");
        }
    }

    /** true, false, or null when absent. */
    static Boolean booleanParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw ApiProblem.badRequest(
                    "Query parameter " + name + " must be true or false, not '" + value + "'");
        };
    }

    /** An ISO-8601 timestamp with offset, or null when absent. */
    static Instant instantParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return instant(name, value);
    }

    static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(
                    name + " must be an ISO-8601 date-time with offset, such as 2024-01-01T00:00:00+00:00, not '"
                            + value + "'");
        }
    }
}
