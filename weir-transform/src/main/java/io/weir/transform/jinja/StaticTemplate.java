package io.weir.transform.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template whose only Jinja is {@code {{ ref(...) }}}, {@code {{ source(...) }}} and {@code {{ config(...) }}}
 * with literal arguments, plus comments: most models of a project. Such a template is parsed and rendered without
 * Jinjava, which keeps parsing thousands of models fast; anything else is left to the full renderer.
 */
public final class StaticTemplate {
    private static final Pattern CALL = Pattern.compile("(?s)\\A(ref|source|config)\\s*\\((.*)\\)\\z");

    private final List<Part> parts;

    private StaticTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** {@code template} as a static template, or empty when it uses any other Jinja. */
    public static Optional<StaticTemplate> parse(String template) {
        List<Part> parts = new ArrayList<>();
        int position = 0;
        int length = template.length();
        while (position < length) {
            int open = template.indexOf('{', position);
            while (open >= 0 && open + 1 < length && "{%#".indexOf(template.charAt(open + 1)) < 0) {
                open = template.indexOf('{', open + 1);
            }
            if (open < 0 || open + 1 >= length) {
                parts.add(new Text(template.substring(position)));
                break;
            }
            parts.add(new Text(template.substring(position, open)));
            char kind = template.charAt(open + 1);
            if (kind == '%') {
                return Optional.empty();
            }
            String closing = kind == '{' ? "}}" : "#}";
            int close = template.indexOf(closing, open + 2);
            if (close < 0) {
                return Optional.empty();
            }
            String inner = template.substring(open + 2, close);
            boolean trimBefore = inner.startsWith("-");
            boolean trimAfter = inner.endsWith("-");
            if (kind == '#') {
                parts.add(new Call(null, trimBefore, trimAfter));
            } else {
                Optional<Object> call = call(strip(inner));
                if (call.isEmpty()) {
                    return Optional.empty();
                }
                parts.add(new Call(call.get(), trimBefore, trimAfter));
            }
            position = close + 2;
        }
        return Optional.of(new StaticTemplate(parts));
    }

    /**
     * The call {@code expression} stands for, when it is a literal {@code ref(...)} or {@code source(...)}: a
     * {@link Ref} or {@link SourceRef}.
     */
    public static Optional<Object> relationCall(String expression) {
        return call(expression.strip()).filter(call -> !(call instanceof ConfigCall));
    }

    public List<Ref> refs() {
        return calls(Ref.class);
    }

    public List<SourceRef> sources() {
        return calls(SourceRef.class);
    }

    /** The keyword arguments of the template's {@code config()} calls, later calls winning. */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        calls(ConfigCall.class).forEach(call -> config.putAll(call.values()));
        return config;
    }

    /** The template's text with each call replaced by what {@code refs} and {@code sources} give for it. */
    public String render(Function<Ref, String> refs, Function<SourceRef, String> sources) {
        StringBuilder out = new StringBuilder();
        boolean trimNext = false;
        for (Part part : parts) {
            if (part instanceof Text text) {
                String value = trimNext ? text.value().stripLeading() : text.value();
                out.append(value);
                trimNext = false;
            } else if (part instanceof Call call) {
                if (call.trimBefore()) {
                    int end = out.length();
                    while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
                        end--;
                    }
                    out.setLength(end);
                }
                if (call.call() instanceof Ref ref) {
                    out.append(refs.apply(ref));
                } else if (call.call() instanceof SourceRef source) {
                    out.append(sources.apply(source));
                }
                trimNext = call.trimAfter();
            }
        }
        return out.toString();
    }

    private <T> List<T> calls(Class<T> type) {
        List<T> calls = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Call call && type.isInstance(call.call())) {
                calls.add(type.cast(call.call()));
            }
        }
        return calls;
    }

    private static String strip(String inner) {
        String value = inner;
        if (value.startsWith("-")) {
            value = value.substring(1);
        }
        if (value.endsWith("-")) {
            value = value.substring(0, value.length() - 1);
        }
        return value.strip();
    }

    private static Optional<Object> call(String expression) {
        Matcher matcher = CALL.matcher(expression);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<PythonLiterals.CallArguments> parsed = PythonLiterals.arguments(matcher.group(2));
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        List<Object> positional = parsed.get().positional();
        Map<String, Object> keywords = parsed.get().keywords();
        boolean allText = positional.stream().allMatch(String.class::isInstance);
        return switch (matcher.group(1)) {
            case "ref" -> keywords.isEmpty() && allText && (positional.size() == 1 || positional.size() == 2)
                    ? Optional.of(
                            positional.size() == 1
                                    ? new Ref(null, (String) positional.get(0))
                                    : new Ref((String) positional.get(0), (String) positional.get(1)))
                    : Optional.empty();
            case "source" -> keywords.isEmpty() && allText && positional.size() == 2
                    ? Optional.of(new SourceRef((String) positional.get(0), (String) positional.get(1)))
                    : Optional.empty();
            default -> positional.isEmpty() ? Optional.of(new ConfigCall(keywords)) : Optional.empty();
        };
    }

    private sealed interface Part permits Text, Call {}

    private record Text(String value) implements Part {}

    /** A call, or a comment when {@code call} is null. */
    private record Call(Object call, boolean trimBefore, boolean trimAfter) implements Part {}

    private record ConfigCall(Map<String, Object> values) {}
}
