package io.weir.transform.jinja;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few pieces of dbt's Jinja that Jinjava does not parse into forms it does, keeping every line where
 * it was: a call of a call's result, {@code adapter.dispatch('x')(args)}, becomes {@code
 * adapter.dispatch('x').call(args)}; {@code {% test name(...) %}} blocks become {@code test_name} macros; a loop's
 * filter, {@code {% for x in items if x.on %}}, becomes a filter of the items ({@link LoopFilter}).
 */
final class TemplateText {
    /** The prefix of the variables holding the characters of Python's {@code \\n}, {@code \\t} and {@code \\r}. */
    static final String ESCAPED_CHARACTERS = "__weir_escape_";

    private static final Pattern UNPACKED_CALL =
            Pattern.compile("\\.call\\(((?:[^()*]|\\([^()]*\\))*?)(?:,?\\s*\\*(?!\\*)([A-Za-z_][A-Za-z0-9_.]*))?"
                    + "(?:\\s*,?\\s*\\*\\*([A-Za-z_][A-Za-z0-9_.]*))?\\s*\\)");
    private static final Pattern TEST_BLOCK = Pattern.compile("\\s*\\{%-?\\s*test\\s");
    private static final String[][] STRING_METHODS = {
        {".lower()", "|lower"},
        {".upper()", "|upper"},
        {".title()", "|title"},
        {".capitalize()", "|capitalize"}
    };

    private TemplateText() {}

    static String prepare(String template) {
        if ((template.indexOf('(') < 0 && template.indexOf('\\') < 0 && !template.contains(" if "))
                || template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int length = template.length();
        int i = 0;
        while (i < length) {
            int open = nextOpening(template, i);
            if (open < 0) {
                out.append(template, i, length);
                break;
            }
            out.append(template, i, open);
            String closing = template.charAt(open + 1) == '{' ? "}}" : "%}";
            int end = template.indexOf(closing, open + 2);
            if (end < 0) {
                out.append(template, open, length);
                break;
            }
            StringBuilder block = new StringBuilder();
            appendExpression(MacroSignatures.rewrite(template.substring(open, end + 2)), block);
            String rewritten = unpackedCalls(block);
            out.append(
                    open < length - 1 && template.charAt(open + 1) == '%' ? LoopFilter.rewrite(rewritten) : rewritten);
            i = end + 2;
        }
        return out.toString();
    }

    /**
     * A dispatched call with Python's argument unpacking, {@code .call(a, *varargs, **kwargs)} (older packages pass
     * their arguments on so), as {@code .callSpread([a], varargs, kwargs)}.
     */
    private static String unpackedCalls(CharSequence block) {
        String text = block.toString();
        if (!text.contains(".call(") || !text.contains("*")) {
            return text;
        }
        Matcher matcher = UNPACKED_CALL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            if (matcher.group(2) == null && matcher.group(3) == null) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            String positional = matcher.group(1) == null ? "" : matcher.group(1).strip();
            if (positional.endsWith(",")) {
                positional = positional.substring(0, positional.length() - 1);
            }
            String extra = matcher.group(2) == null ? "[]" : matcher.group(2);
            String keywords = matcher.group(3) == null ? "none" : matcher.group(3);
            matcher.appendReplacement(
                    out,
                    Matcher.quoteReplacement(".callSpread([" + positional + "], " + extra + ", " + keywords + ")"));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A {@code {% test name(args) %}} block as the macro {@code test_name}. */
    static String testBlockAsMacro(String block) {
        if (!TEST_BLOCK.matcher(block).lookingAt()) {
            return block;
        }
        return block.replaceFirst("\\{%(-?)\\s*test\\s+([A-Za-z_][A-Za-z0-9_]*)", "{%$1 macro test_$2")
                .replaceAll("\\{%(-?)\\s*endtest\\s*(-?)%}", "{%$1 endmacro $2%}");
    }

    /**
     * Python's string methods that Jinjava lacks, as the filters or Java methods that do the same:
     * {@code name.lower()} becomes {@code name|lower}, {@code name.upper()} {@code name|upper}.
     * Returns how many characters of {@code expression} from {@code at} were replaced, or 0.
     */
    private static int appendStringMethod(String expression, int at, StringBuilder out) {
        for (String[] method : STRING_METHODS) {
            if (expression.startsWith(method[0], at)) {
                out.append(method[1]);
                return method[0].length();
            }
        }
        return 0;
    }

    private static int nextOpening(String template, int from) {
        int index = template.indexOf('{', from);
        while (index >= 0 && index + 1 < template.length()) {
            char next = template.charAt(index + 1);
            if (next == '{' || next == '%') {
                return index;
            }
            index = template.indexOf('{', index + 1);
        }
        return -1;
    }

    /**
     * A backslash escape inside a string, as Python reads it: the escapes Jinjava knows stay, a backslash-newline
     * continues the string on the next line, {@code \\n}, {@code \\t} and {@code \\r} are their characters, and
     * any other ({@code '\\/'}, {@code '\\%'}) is kept literally. Lines stay where they were. Gives how many more
     * characters were consumed.
     */
    private static int appendEscape(char escaped, char quote, StringBuilder out) {
        if (escaped == '\\' || escaped == quote) {
            out.append('\\').append(escaped);
            return 1;
        }
        switch (escaped) {
            case '\'', '"' -> out.append(escaped);
            case '\n' -> out.append(quote).append(" ~\n").append(quote);
            case 'n', 't', 'r' -> out.append(quote)
                    .append(" ~ ")
                    .append(ESCAPED_CHARACTERS)
                    .append(escaped)
                    .append("__ ~ ")
                    .append(quote);
            default -> {
                out.append("\\\\");
                return 0;
            }
        }
        return 1;
    }

    /** Whether the string opening at {@code start} has an escape that becomes a concatenation, needing parentheses. */
    private static boolean splitsInParts(String expression, int start) {
        char quote = expression.charAt(start);
        for (int i = start + 1; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == quote) {
                return false;
            }
            if (c == '\\' && i + 1 < expression.length()) {
                if ("\ntr".indexOf(expression.charAt(i + 1)) >= 0) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private static void appendExpression(String expression, StringBuilder out) {
        char quote = 0;
        boolean grouped = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"') && splitsInParts(expression, i)) {
                out.append('(');
                grouped = true;
            }
            if (quote == 0 && c == '.') {
                int replaced = appendStringMethod(expression, i, out);
                if (replaced > 0) {
                    i += replaced - 1;
                    continue;
                }
            }
            if (quote != 0 && c == '\\' && i + 1 < expression.length()) {
                i += appendEscape(expression.charAt(i + 1), quote, out);
                continue;
            }
            out.append(c);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                    if (grouped) {
                        out.append(')');
                        grouped = false;
                    }
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ')') {
                int next = i + 1;
                while (next < expression.length() && Character.isWhitespace(expression.charAt(next))) {
                    next++;
                }
                if (next < expression.length() && expression.charAt(next) == '(') {
                    out.append(".call");
                    i = next - 1;
                }
            }
        }
    }
}
