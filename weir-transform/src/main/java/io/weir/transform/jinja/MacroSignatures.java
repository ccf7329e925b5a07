package io.weir.transform.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a {@code {% macro name(args) %}} tag whose argument defaults Jinjava cannot read — it splits the
 * arguments at every comma and ends them at the first {@code )}, so {@code delimiter="','"} or {@code
 * quote=adapter.quote('x')} break it — into one whose such defaults are {@code none}, each followed (on the same
 * line) by {@code {% if arg is none %}{% set arg = default %}{% endif %}}. A default naming a variable or an earlier
 * argument ({@code name=schema_name}) is evaluated so too, at call time, as Jinja2 does.
 */
final class MacroSignatures {
    private static final Pattern TAG =
            Pattern.compile("(?s)\\A(\\{%-?\\s*macro\\s+[A-Za-z_][A-Za-z0-9_]*\\s*\\()(.*)(\\)\\s*(-?)%})\\z");
    private static final Pattern SIMPLE_DEFAULT = Pattern.compile(
            "\\s*(-?[0-9.]+|(?i:true|false|none)|'[^',()\\\\]*'|\"[^\",()\\\\]*\"|\\[\\s*]|\\{\\s*})\\s*");

    private MacroSignatures() {}

    /** {@code tag} as Jinjava can read it, or {@code tag} itself. */
    static String rewrite(String tag) {
        Matcher matcher = TAG.matcher(tag);
        if (!matcher.matches()) {
            return tag;
        }
        List<String> arguments = splitTopLevel(matcher.group(2));
        if (arguments == null) {
            return tag;
        }
        StringBuilder signature = new StringBuilder();
        StringBuilder defaults = new StringBuilder();
        boolean trim = !matcher.group(4).isEmpty();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            String kept = argument;
            if (equals > 0
                    && !SIMPLE_DEFAULT.matcher(argument.substring(equals + 1)).matches()) {
                String name = argument.substring(0, equals).strip();
                kept = name + "=none";
                defaults.append("{% if ")
                        .append(name)
                        .append(" is none %}{% set ")
                        .append(name)
                        .append(" = ")
                        .append(argument.substring(equals + 1).strip())
                        .append(" %}{% endif")
                        .append(trim ? " -%}" : " %}");
            }
            if (!signature.isEmpty()) {
                signature.append(", ");
            }
            signature.append(kept.strip());
        }
        if (defaults.isEmpty()) {
            return tag;
        }
        return matcher.group(1) + signature + matcher.group(3) + defaults;
    }

    /** The arguments split at commas outside quotes and brackets, or null when they do not balance. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || quote != 0) {
            return null;
        }
        if (!text.substring(start).isBlank()) {
            parts.add(text.substring(start));
        }
        return parts;
    }
}
