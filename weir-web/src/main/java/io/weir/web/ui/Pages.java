package io.weir.web.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.WeirException;
import io.weir.store.UserRecord;
import io.weir.web.WebApp;
import io.weir.web.audit.Actor;
import io.weir.web.auth.Csrf;
import io.weir.web.auth.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the page handlers share: the signed-in user and role, rendering inside the frame, form values. */
final class Pages {
    private Pages() {}

    static UserRecord user(Context ctx, WebApp app) {
        return UiRoutes.signedIn(ctx, app);
    }

    static Role role(Context ctx, WebApp app) {
        return Role.parse(user(ctx, app).role());
    }

    static Actor actor(Context ctx, WebApp app) {
        return new Actor(user(ctx, app).username(), "ui", ctx.ip());
    }

    /** Whether the user may trigger, clear, mark and pause; answers 403 naming the role when not. */
    static boolean mayOperate(Context ctx, WebApp app, String what) {
        UserRecord user = user(ctx, app);
        if (Role.parse(user.role()).canOperate()) {
            return true;
        }
        ctx.status(HttpStatus.FORBIDDEN)
                .result("User " + user.username() + " has role " + user.role() + ", which may not " + what + ".");
        return false;
    }

    /** Renders {@code template} in the page frame; {@code parameters} are the template's own. */
    static void render(Context ctx, WebApp app, String template, String title, Map<String, Object> parameters) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("frame", new PageFrame(title, user(ctx, app), Csrf.token(ctx)));
        all.putAll(parameters);
        ctx.html(Templates.render(template, all));
    }

    /** A 400 page for input a user can fix, saying what was wrong. */
    static void badRequest(Context ctx, String message) {
        ctx.status(HttpStatus.BAD_REQUEST).result(message);
    }

    /** A path segment, percent-encoded; most ids need none, and a grid asks for thousands. */
    static String encode(String segment) {
        for (int index = 0; index < segment.length(); index++) {
            char c = segment.charAt(index);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!plain) {
                return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return segment;
    }

    static String text(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null) {
            value = ctx.queryParam(name);
        }
        return value == null ? "" : value.strip();
    }

    /** A checkbox or flag: present as on, true or yes. */
    static boolean flag(Context ctx, String name) {
        String value = text(ctx, name);
        return value.equals("on") || value.equals("true") || value.equals("yes");
    }

    static int number(Context ctx, String name, int defaultValue) {
        try {
            String value = text(ctx, name);
            return value.isEmpty() ? defaultValue : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /**
     * A date or date-time field ({@code 2024-01-01}, {@code 2024-01-01T06:00} as a browser sends it, or ISO-8601 with
     * an offset), read as UTC; null when empty. {@code endOfDay} makes a bare date its last instant.
     */
    static Instant instant(String field, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                return endOfDay
                        ? date.plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .minusNanos(1)
                        : date.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new WeirException(
                    io.weir.core.ErrorCode.USER_INPUT,
                    "The " + field + " '" + text + "' is not a date; write it as 2024-01-01 or 2024-01-01T06:00");
        }
    }
}
