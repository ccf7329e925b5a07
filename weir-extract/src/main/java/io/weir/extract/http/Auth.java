package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final Set<String> KEYS = Set.of("type", "token", "username", "password", "key", "name", "in");

    public Auth {
        requireNonNull(kind, "kind is null");
        secrets = List.copyOf(secrets);
    }

    public static Auth none() {
        return new Auth(Kind.NONE, null, List.of());
    }

    /**
     * The auth of a task parameter, written as in a source description ({@code {type: bearer, token: SECRET}});
     * each mistake is added to {@code problems}, naming {@code key}.
     */
    public static Auth of(Object value, String key, List<String> problems) {
        if (value == null) {
            return none();
        }
        if (!(value instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)) {
            problems.add("'" + key + "' must be a mapping with a type: {type: bearer, token: SECRET}, {type: basic,"
                    + " username: SECRET, password: SECRET} or {type: api_key, name: HEADER, key: SECRET}");
            return none();
        }
        List<String> unknown = new ArrayList<>();
        map.keySet().forEach(entry -> {
            if (!KEYS.contains(String.valueOf(entry))) {
                unknown.add(String.valueOf(entry));
            }
        });
        if (!unknown.isEmpty()) {
            problems.add("'" + key + "' has the unknown key(s) " + String.join(", ", unknown) + "; it takes "
                    + String.join(", ", KEYS.stream().sorted().toList()));
        }
        return switch (type) {
            case "bearer" -> new Auth(Kind.BEARER, null, List.of(secretName(map, "token", key, problems)));
            case "basic" -> new Auth(
                    Kind.BASIC,
                    null,
                    List.of(secretName(map, "username", key, problems), secretName(map, "password", key, problems)));
            case "api_key" -> {
                Object in = map.get("in") == null ? "header" : map.get("in");
                if (!"header".equals(in) && !"query".equals(in)) {
                    problems.add("'in' of '" + key + "' must be header or query, not " + in);
                }
                if (!(map.get("name") instanceof String name)) {
                    problems.add("an api_key '" + key + "' needs 'name': the header or query parameter that carries"
                            + " it");
                    yield none();
                }
                yield new Auth(
                        "query".equals(in) ? Kind.API_KEY_QUERY : Kind.API_KEY_HEADER,
                        name,
                        List.of(secretName(map, "key", key, problems)));
            }
            default -> {
                problems.add("'" + key + "' has the type '" + type + "', which is not one of bearer, basic, api_key");
                yield none();
            }
        };
    }

    private static String secretName(Map<?, ?> map, String entry, String key, List<String> problems) {
        if (!(map.get(entry) instanceof String secret) || secret.isBlank()) {
            problems.add("'" + key + "' needs '" + entry + "': the name of the declared secret that holds it");
            return "";
        }
        return secret;
    }

    /** The secrets this auth names that {@code available} lacks. */
    public List<String> missing(Map<String, String> available) {
        return secrets.stream().filter(secret -> !available.containsKey(secret)).toList();
    }

    /** Sets the headers that carry this auth on {@code request}, with the values of {@code values}. */
    public void sign(HttpRequest.Builder request, Map<String, String> values) {
        switch (kind) {
            case NONE, API_KEY_QUERY -> {}
            case BEARER -> request.setHeader("Authorization", "Bearer " + values.get(secrets.get(0)));
            case BASIC -> request.setHeader(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((values.get(secrets.get(0)) + ":" + values.get(secrets.get(1)))
                                            .getBytes(StandardCharsets.UTF_8)));
            case API_KEY_HEADER -> request.setHeader(name, values.get(secrets.get(0)));
        }
    }

    /** {@code uri} with the API key as its query parameter, for an api_key in the query; else {@code uri}. */
    public URI inQuery(URI uri, Map<String, String> values) {
        return kind == Kind.API_KEY_QUERY ? ApiClient.withParams(uri, Map.of(name, values.get(secrets.get(0)))) : uri;
    }

    /** {@code text} (a URL or message) with the API key of a query auth masked as {@code ***}. */
    public String masked(String text, Map<String, String> values) {
        if (kind != Kind.API_KEY_QUERY) {
            return text;
        }
        String key = ApiClient.encode(values.getOrDefault(secrets.get(0), ""));
        return key.isEmpty() ? text : text.replace(key, "***");
    }
}
