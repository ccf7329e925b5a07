package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How requests authenticate, each value the name of a declared secret (never the secret itself).
 *
 * @param name the header or query parameter of an API key
 * @param secrets the secret names: the token (bearer), user and password (basic), or the key (api_key)
 */
public record Auth(Kind kind, String name, List<String> secrets) {
    public enum Kind {
        NONE,
        BEARER,
        BASIC,
        API_KEY_HEADER,
        API_KEY_QUERY
    }

    public Auth {
        requireNonNull(kind, "kind is null");
        secrets = List.copyOf(secrets);
    }

    public static Auth none() {
        return new Auth(Kind.NONE, null, List.of());
    }
}
