package io.weir.transform.compile;

import io.weir.transform.project.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Injects the SQL of ephemeral models as CTEs at the front of the query that refers to them: into its leading
 * {@code WITH} when it has one, else as a new {@code WITH}.
 */
final class Ephemerals {
    private static final String PREFIX = "__dbt__cte__";

    private Ephemerals() {}

    static String cteName(Node node) {
        return PREFIX + node.name();
    }

    /**
     * @param ctes each ephemeral's CTE name and SQL, dependencies first
     */
    static String inject(String sql, Map<String, String> ctes) {
        if (ctes.isEmpty()) {
            return sql;
        }
        StringBuilder definitions = new StringBuilder();
        ctes.forEach((name, body) -> {
            if (definitions.length() > 0) {
                definitions.append(",\n");
            }
            definitions.append(name).append(" as (\n").append(body.strip()).append("\n)");
        });
        int start = statementStart(sql);
        if (startsWithWord(sql, start, "with")) {
            int afterWith = start + 4;
            int bodyStart = afterWith;
            while (bodyStart < sql.length() && Character.isWhitespace(sql.charAt(bodyStart))) {
                bodyStart++;
            }
            if (startsWithWord(sql, bodyStart, "recursive")) {
                afterWith = bodyStart + "recursive".length();
            }
            return sql.substring(0, afterWith) + " " + definitions + ",\n"
                    + sql.substring(afterWith).stripLeading();
        }
        return sql.substring(0, start) + "with " + definitions + "\n" + sql.substring(start);
    }

    /** The orderly list of ephemeral names and bodies, each after the ephemerals it uses itself. */
    static void collect(List<Node> direct, Function<Node, Compiled> compile, Map<String, String> into) {
        for (Node ephemeral : direct) {
            if (into.containsKey(cteName(ephemeral))) {
                continue;
            }
            Compiled compiled = compile.apply(ephemeral);
            collect(compiled.ephemerals(), compile, into);
            into.putIfAbsent(cteName(ephemeral), compiled.sql());
        }
    }

    /** A node's SQL before injection, and the ephemerals it refers to. */
    record Compiled(String sql, List<Node> ephemerals) {}

    private static int statementStart(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean startsWithWord(String sql, int at, String word) {
        if (!sql.regionMatches(true, at, word, 0, word.length())) {
            return false;
        }
        int after = at + word.length();
        return after >= sql.length() || !Character.isLetterOrDigit(sql.charAt(after)) && sql.charAt(after) != '_';
    }
}
