package io.weir.transform.run;

import io.weir.transform.TransformException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One selector such as {@code 2+tag:nightly+} or {@code @orders}: a method and its value, with the graph operators
 * around it. Depths are {@link #UNBOUNDED} for a bare {@code +} and {@link #NONE} when the operator is absent.
 *
 * @param text the selector as written
 * @param method the method, such as {@code tag} or {@code config.materialized}
 * @param value what the method matches
 */
record SelectionCriterion(
        String text, String method, String value, boolean childrensParents, int parentsDepth, int childrenDepth) {

    static final int NONE = 0;
    static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Pattern SYNTAX = Pattern.compile(
            "(?<at>@)?(?:(?<parentsDepth>\\d{0,9})(?<parents>\\+))?(?:(?<method>[\\w.]+):)?(?<value>.*?)"
                    + "(?:(?<children>\\+)(?<childrenDepth>\\d{0,9}))?");

    static SelectionCriterion parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new TransformException("Cannot read the selector '" + text + "'; write it as"
                    + " [@][n+]method:value[+n], for example 'tag:nightly+' or '2+orders'.");
        }
        boolean childrensParents = matcher.group("at") != null;
        int parentsDepth = depth(matcher.group("parents"), matcher.group("parentsDepth"));
        if (childrensParents && parentsDepth != NONE) {
            throw new TransformException(
                    "The selector '" + text + "' combines '@' and a leading '+'; use one of them, not both.");
        }
        String value = matcher.group("value");
        if (value.isEmpty()) {
            throw new TransformException("The selector '" + text + "' names nothing to select; give a value such as"
                    + " a model name after the method.");
        }
        String method = matcher.group("method");
        return new SelectionCriterion(
                text,
                method == null ? defaultMethod(value) : method,
                value,
                childrensParents,
                parentsDepth,
                depth(matcher.group("children"), matcher.group("childrenDepth")));
    }

    private static int depth(String operator, String digits) {
        if (operator == null) {
            return NONE;
        }
        return digits == null || digits.isEmpty() ? UNBOUNDED : Integer.parseInt(digits);
    }

    /** A file name selects by file, a value with a slash by path, anything else by fully qualified name. */
    private static String defaultMethod(String value) {
        if (value.endsWith(".sql") || value.endsWith(".py") || value.endsWith(".csv")) {
            return "file";
        }
        return value.contains("/") || value.contains("\\") ? "path" : "fqn";
    }
}
