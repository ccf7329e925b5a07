package io.weir.transform.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the literal arguments of a call as Jinja writes them: strings, numbers, {@code True}/{@code False},
 * {@code None}, lists, tuples and dicts of those, positional or {@code key=value}. Anything else (a variable, an
 * expression) is not a literal, and the caller falls back to rendering the template.
 */
final class PythonLiterals {
    private final String text;
    private int position;

    private PythonLiterals(String text) {
        this.text = text;
    }

    /** The arguments of a call, {@code "'a', b=[1, 2]"}, or empty when one is not a literal. */
    static Optional<CallArguments> arguments(String text) {
        PythonLiterals reader = new PythonLiterals(text);
        try {
            CallArguments arguments = reader.readArguments();
            reader.skipSpace();
            return reader.position == text.length() ? Optional.of(arguments) : Optional.empty();
        } catch (NotLiteral e) {
            return Optional.empty();
        }
    }

    /** One literal, such as {@code "['a', 'b']"}, or empty. */
    static Optional<Object> literal(String text) {
        PythonLiterals reader = new PythonLiterals(text);
        try {
            Object value = reader.readValue();
            reader.skipSpace();
            return reader.position == text.length() ? Optional.ofNullable(value) : Optional.empty();
        } catch (NotLiteral e) {
            return Optional.empty();
        }
    }

    private CallArguments readArguments() {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        skipSpace();
        while (position < text.length()) {
            int start = position;
            String name = readIdentifier();
            skipSpace();
            if (name != null && peek() == '=' && peekAt(1) != '=') {
                position++;
                keywords.put(name, readValue());
            } else {
                position = start;
                if (!keywords.isEmpty()) {
                    throw new NotLiteral();
                }
                positional.add(readValue());
            }
            skipSpace();
            if (peek() == ',') {
                position++;
                skipSpace();
            } else {
                break;
            }
        }
        return new CallArguments(positional, keywords);
    }

    private Object readValue() {
        skipSpace();
        char c = peek();
        if (c == '\'' || c == '"') {
            return readString(c);
        }
        if (c == '[' || c == '(') {
            return readList(c == '[' ? ']' : ')');
        }
        if (c == '{') {
            return readDict();
        }
        if (c == '-' || Character.isDigit(c)) {
            return readNumber();
        }
        String word = readIdentifier();
        if (word == null) {
            throw new NotLiteral();
        }
        return switch (word) {
            case "True", "true" -> Boolean.TRUE;
            case "False", "false" -> Boolean.FALSE;
            case "None", "none" -> null;
            default -> throw new NotLiteral();
        };
    }

    private String readString(char quote) {
        StringBuilder value = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '\\' && position < text.length()) {
                char escaped = text.charAt(position++);
                value.append(
                        switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> escaped;
                        });
            } else if (c == quote) {
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw new NotLiteral();
    }

    private List<Object> readList(char close) {
        List<Object> values = new ArrayList<>();
        position++;
        skipSpace();
        while (peek() != close) {
            values.add(readValue());
            skipSpace();
            if (peek() == ',') {
                position++;
                skipSpace();
            } else if (peek() != close) {
                throw new NotLiteral();
            }
        }
        position++;
        return values;
    }

    private Map<String, Object> readDict() {
        Map<String, Object> values = new LinkedHashMap<>();
        position++;
        skipSpace();
        while (peek() != '}') {
            Object key = readValue();
            skipSpace();
            if (peek() != ':') {
                throw new NotLiteral();
            }
            position++;
            values.put(String.valueOf(key), readValue());
            skipSpace();
            if (peek() == ',') {
                position++;
                skipSpace();
            } else if (peek() != '}') {
                throw new NotLiteral();
            }
        }
        position++;
        return values;
    }

    private Number readNumber() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        while (position < text.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == '_')) {
            position++;
        }
        String number = text.substring(start, position).replace("_", "");
        try {
            return number.contains(".") ? (Number) Double.valueOf(number) : (Number) Long.valueOf(number);
        } catch (NumberFormatException e) {
            throw new NotLiteral();
        }
    }

    private String readIdentifier() {
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            position++;
        }
        if (position == start || Character.isDigit(text.charAt(start))) {
            position = start;
            return null;
        }
        return text.substring(start, position);
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private char peekAt(int offset) {
        return position + offset < text.length() ? text.charAt(position + offset) : '\0';
    }

    /** The arguments of one call. */
    record CallArguments(List<Object> positional, Map<String, Object> keywords) {}

    private static final class NotLiteral extends RuntimeException {
        NotLiteral() {
            super(null, null, false, false);
        }
    }
}
