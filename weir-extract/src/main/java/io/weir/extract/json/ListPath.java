package io.weir.extract.json;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small {@code jq}-like path to a value in a JSON or YAML document: {@code .} is the document, {@code .team} its
 * key {@code team}, {@code .a.b} a key inside a key; a final {@code []} (or {@code [*]}) says the value is a list
 * whose items are wanted, which is also how a list found without it is read. A leading {@code $} is allowed, as in
 * JSONPath ({@code $.data[*]}).
 */
public record ListPath(List<String> keys, String text) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*|\"[^\"]+\"");

    public ListPath {
        keys = List.copyOf(keys);
        requireNonNull(text, "text is null");
    }

    /** The document itself. */
    public static ListPath root() {
        return new ListPath(List.of(), ".");
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong and what the syntax is
     */
    public static ListPath parse(String text) {
        String path = text.strip();
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        if (path.endsWith("[*]")) {
            path = path.substring(0, path.length() - 3);
        } else if (path.endsWith("[]")) {
            path = path.substring(0, path.length() - 2);
        }
        if (path.isEmpty() || path.equals(".")) {
            return new ListPath(List.of(), text.strip());
        }
        if (!path.startsWith(".")) {
            path = "." + path;
        }
        List<String> keys = new ArrayList<>();
        for (String key : path.substring(1).split("\\.", -1)) {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a path Weir reads: write keys after dots,"
                        + " such as .data or .a.b, with [] at the end for a list (.releases[]); a key with other"
                        + " characters goes in double quotes (.\"first-name\")");
            }
            keys.add(key.startsWith("\"") ? key.substring(1, key.length() - 1) : key);
        }
        return new ListPath(keys, text.strip());
    }

    @Override
    public String toString() {
        return text;
    }
}
