package io.weir.web.auth;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** One random token per session; every state-changing form sends it back and a request without it is refused. */
public final class Csrf {
    static final String SESSION_KEY = "weir.csrf";
    public static final String FIELD = "csrf_token";
    public static final String HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /** The session's token, made on first use. */
    public static String token(Context ctx) {
        String token = ctx.sessionAttribute(SESSION_KEY);
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = HexFormat.of().formatHex(bytes);
            ctx.sessionAttribute(SESSION_KEY, token);
        }
        return token;
    }

    /** Whether the request carries the session's token in its form field or header (compared in constant time). */
    public static boolean valid(Context ctx) {
        if (ctx.req().getSession(false) == null) {
            return false;
        }
        String expected = ctx.sessionAttribute(SESSION_KEY);
        String given = ctx.header(HEADER);
        if (given == null) {
            given = ctx.formParam(FIELD);
        }
        return expected != null
                && given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
