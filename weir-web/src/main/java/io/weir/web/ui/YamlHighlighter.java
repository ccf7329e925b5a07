package io.weir.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours a DAG file's YAML on the server: comments, keys, quoted strings, numbers and booleans. It only splits the
 * text into classed pieces; the template escapes each piece, so a file cannot inject markup.
 */
public final class YamlHighlighter {
    private static final Pattern KEY = Pattern.compile("^(\\s*-?\\s*)([A-Za-z0-9_.\\-\"']+)(:)(\\s|$)");
    private static final Pattern SCALAR =
            Pattern.compile("^(\"[^\"]*\"|'[^']*'|-?\\d+(\\.\\d+)?|true|false|null|~)\\s*$");

    private YamlHighlighter() {}

    /** A piece of a line with its CSS class ("" for plain text). */
    public record Token(String cssClass, String text) {}

    /** One numbered line. */
    public record Line(int number, List<Token> tokens) {}

    public static List<Line> highlight(String text) {
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            if (i == raw.length - 1 && raw[i].isEmpty()) {
                break;
            }
            lines.add(new Line(i + 1, tokens(raw[i])));
        }
        return lines;
    }

    private static List<Token> tokens(String line) {
        List<Token> tokens = new ArrayList<>();
        String rest = line;
        int comment = commentStart(rest);
        String trailing = null;
        if (comment >= 0) {
            trailing = rest.substring(comment);
            rest = rest.substring(0, comment);
        }
        Matcher key = KEY.matcher(rest);
        if (key.find()) {
            tokens.add(new Token("", key.group(1)));
            tokens.add(new Token("yaml-key", key.group(2)));
            tokens.add(new Token("", key.group(3) + key.group(4)));
            rest = rest.substring(key.end());
        }
        if (!rest.isEmpty()) {
            tokens.add(new Token(SCALAR.matcher(rest.strip()).matches() ? "yaml-scalar" : "yaml-value", rest));
        }
        if (trailing != null) {
            tokens.add(new Token("yaml-comment", trailing));
        }
        return tokens;
    }

    /** Where a comment starts: a # at the line's start or after a space, outside quotes; -1 when there is none. */
    private static int commentStart(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }
}
