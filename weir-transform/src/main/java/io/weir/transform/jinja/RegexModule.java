package io.weir.transform.jinja;

import io.weir.transform.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code modules.re}, Python's regular expressions on Java's: {@code match}, {@code search}, {@code fullmatch},
 * {@code sub}, {@code findall}, {@code split}, {@code compile}, {@code escape} and the flags {@code I}, {@code M},
 * {@code S}, {@code X}. Python's {@code (?P<name>...)} groups and {@code \1}, {@code \g<name>} replacements work.
 */
final class RegexModule implements PythonModule {
    private static final Map<String, Integer> FLAGS = Map.of(
            "I",
            2,
            "IGNORECASE",
            2,
            "M",
            8,
            "MULTILINE",
            8,
            "S",
            16,
            "DOTALL",
            16,
            "X",
            64,
            "VERBOSE",
            64,
            "A",
            256,
            "ASCII",
            256);
    private static final Set<String> FUNCTIONS =
            Set.of("match", "search", "fullmatch", "sub", "findall", "split", "compile", "escape", "purge");

    @Override
    public Object attribute(String name) {
        Integer flag = FLAGS.get(name);
        if (flag == null && FUNCTIONS.contains(name)) {
            return UNKNOWN;
        }
        if (flag == null) {
            throw new TransformException("modules.re has no attribute '" + name + "'");
        }
        return (long) flag;
    }

    @Override
    public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
        Arguments arguments = new Arguments(name, positional, keywords);
        if (name.equals("escape")) {
            return Pattern.quote(arguments.text(0, "pattern"));
        }
        if (name.equals("purge")) {
            return null;
        }
        int flagsAt =
                switch (name) {
                    case "compile" -> 1;
                    case "sub" -> 4;
                    case "split" -> 3;
                    default -> 2;
                };
        CompiledPattern pattern = compile(arguments.text(0, "pattern"), arguments.number(flagsAt, "flags", 0));
        if (name.equals("compile")) {
            return pattern;
        }
        List<Object> rest = new ArrayList<>(positional.subList(Math.min(1, positional.size()), positional.size()));
        if (rest.size() >= flagsAt) {
            rest = rest.subList(0, flagsAt - 1);
        }
        Map<String, Object> others = new java.util.LinkedHashMap<>(keywords);
        others.remove("pattern");
        others.remove("flags");
        Object result = pattern.call(name, rest, others);
        if (result == UNKNOWN) {
            throw new TransformException("modules.re has no function '" + name + "'");
        }
        return result;
    }

    static CompiledPattern compile(String python, long flags) {
        int javaFlags = 0;
        javaFlags |= (flags & 2) != 0 ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        javaFlags |= (flags & 8) != 0 ? Pattern.MULTILINE : 0;
        javaFlags |= (flags & 16) != 0 ? Pattern.DOTALL : 0;
        javaFlags |= (flags & 64) != 0 ? Pattern.COMMENTS : 0;
        String java = python.replace("(?P<", "(?<")
                .replaceAll("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)", "\\\\k<$1>")
                .replace("\\Z", "\\z");
        try {
            return new CompiledPattern(python, Pattern.compile(java, javaFlags));
        } catch (PatternSyntaxException e) {
            throw new TransformException(
                    "modules.re: the pattern '" + python + "' is not valid: " + e.getDescription());
        }
    }

    @Override
    public String toString() {
        return "<module 're'>";
    }

    /** Python's way of passing arguments, by position or by name. */
    record Arguments(String function, List<Object> positional, Map<String, Object> keywords) {
        Object get(int index, String name) {
            return index < positional.size() ? positional.get(index) : keywords.get(name);
        }

        String text(int index, String name) {
            Object value = get(index, name);
            if (value == null) {
                throw new TransformException("re." + function + "() needs the argument '" + name + "'");
            }
            return value.toString();
        }

        long number(int index, String name, long otherwise) {
            Object value = get(index, name);
            return value instanceof Number number ? number.longValue() : otherwise;
        }
    }

    /** A compiled pattern, {@code re.compile(...)}. */
    record CompiledPattern(String source, Pattern pattern) implements PythonModule {
        @Override
        public Object attribute(String name) {
            return name.equals("pattern") ? source : UNKNOWN;
        }

        @Override
        public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
            Arguments arguments = new Arguments(name, positional, keywords);
            return switch (name) {
                case "match" -> found(pattern.matcher(arguments.text(0, "string")), Matcher::lookingAt);
                case "search" -> found(pattern.matcher(arguments.text(0, "string")), Matcher::find);
                case "fullmatch" -> found(pattern.matcher(arguments.text(0, "string")), Matcher::matches);
                case "sub" -> substitute(
                        arguments.text(0, "repl"), arguments.text(1, "string"), arguments.number(2, "count", 0));
                case "findall" -> findAll(arguments.text(0, "string"));
                case "split" -> split(arguments.text(0, "string"), arguments.number(1, "maxsplit", 0));
                default -> UNKNOWN;
            };
        }

        private static Object found(Matcher matcher, java.util.function.Predicate<Matcher> test) {
            return test.test(matcher) ? new Match(matcher) : null;
        }

        private String substitute(String replacement, String text, long count) {
            Matcher matcher = pattern.matcher(text);
            StringBuilder out = new StringBuilder();
            long done = 0;
            while ((count == 0 || done < count) && matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(expand(replacement, matcher)));
                done++;
            }
            matcher.appendTail(out);
            return out.toString();
        }

        /** A Python replacement: {@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \\}, {@code \n}. */
        private static String expand(String replacement, Matcher matcher) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                if (c != '\\' || i + 1 == replacement.length()) {
                    out.append(c);
                    continue;
                }
                char next = replacement.charAt(++i);
                if (Character.isDigit(next)) {
                    int end = i + 1;
                    if (end < replacement.length() && Character.isDigit(replacement.charAt(end))) {
                        end++;
                    }
                    out.append(group(matcher, replacement.substring(i, end)));
                    i = end - 1;
                } else if (next == 'g' && i + 1 < replacement.length() && replacement.charAt(i + 1) == '<') {
                    int close = replacement.indexOf('>', i);
                    out.append(group(matcher, replacement.substring(i + 2, close)));
                    i = close;
                } else {
                    out.append(
                            switch (next) {
                                case 'n' -> "\n";
                                case 't' -> "\t";
                                case '\\' -> "\\";
                                default -> "\\" + next;
                            });
                }
            }
            return out.toString();
        }

        private static String group(Matcher matcher, String reference) {
            String value = reference.chars().allMatch(Character::isDigit)
                    ? matcher.group(Integer.parseInt(reference))
                    : matcher.group(reference);
            return value == null ? "" : value;
        }

        private List<Object> findAll(String text) {
            Matcher matcher = pattern.matcher(text);
            List<Object> found = new ArrayList<>();
            while (matcher.find()) {
                if (matcher.groupCount() == 0) {
                    found.add(matcher.group());
                } else if (matcher.groupCount() == 1) {
                    found.add(nullToEmpty(matcher.group(1)));
                } else {
                    List<Object> groups = new ArrayList<>();
                    for (int g = 1; g <= matcher.groupCount(); g++) {
                        groups.add(nullToEmpty(matcher.group(g)));
                    }
                    found.add(groups);
                }
            }
            return found;
        }

        private List<Object> split(String text, long maxSplit) {
            Matcher matcher = pattern.matcher(text);
            List<Object> parts = new ArrayList<>();
            int last = 0;
            long splits = 0;
            while ((maxSplit == 0 || splits < maxSplit) && matcher.find()) {
                parts.add(text.substring(last, matcher.start()));
                for (int g = 1; g <= matcher.groupCount(); g++) {
                    parts.add(matcher.group(g));
                }
                last = matcher.end();
                splits++;
            }
            parts.add(text.substring(last));
            return parts;
        }

        private static String nullToEmpty(String value) {
            return value == null ? "" : value;
        }

        @Override
        public String toString() {
            return "re.compile('" + source + "')";
        }
    }

    /** A match: {@code group()}, {@code groups()}, {@code start()}, {@code end()}, {@code span()}. */
    record Match(Matcher result) implements PythonModule {
        @Override
        public Object attribute(String name) {
            return UNKNOWN;
        }

        @Override
        public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
            int group = positional.isEmpty() ? 0 : groupIndex(positional.get(0));
            return switch (name) {
                case "group" -> positional.size() <= 1
                        ? group(positional.isEmpty() ? 0 : positional.get(0))
                        : positional.stream().map(this::group).toList();
                case "groups" -> {
                    List<Object> groups = new ArrayList<>();
                    for (int g = 1; g <= result.groupCount(); g++) {
                        groups.add(result.group(g));
                    }
                    yield groups;
                }
                case "start" -> (long) result.start(group);
                case "end" -> (long) result.end(group);
                case "span" -> List.of((long) result.start(group), (long) result.end(group));
                default -> UNKNOWN;
            };
        }

        private Object group(Object reference) {
            if (reference instanceof Number number) {
                int index = number.intValue();
                if (index < 0 || index > result.groupCount()) {
                    throw new TransformException("match.group(" + index + "): no such group");
                }
                return result.group(index);
            }
            try {
                return result.group(reference.toString());
            } catch (IllegalArgumentException e) {
                throw new TransformException("match.group('" + reference + "'): the pattern has no such group");
            }
        }

        private int groupIndex(Object reference) {
            return reference instanceof Number number ? number.intValue() : 0;
        }

        @Override
        public String toString() {
            return "<re.Match object; span=(" + result.start() + ", " + result.end() + "), match='" + result.group()
                    + "'>";
        }
    }
}
