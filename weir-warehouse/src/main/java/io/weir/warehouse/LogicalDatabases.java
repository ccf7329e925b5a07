package io.weir.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The warehouse's two logical databases, {@code raw} and {@code analytics}, in SQL a user writes. On the embedded
 * DuckDB warehouse they are real databases ({@code raw.duckdb} attached beside {@code analytics.duckdb}); on PostgreSQL
 * they are schemas of one database, so there {@code raw.<schema>.<table>} and {@code analytics.<schema>.<table>} mean
 * the database's {@code <schema>.<table>}. Names inside string literals, quoted text and comments are left alone.
 */
public final class LogicalDatabases {
    private static final Set<String> NAMES = Set.of("raw", "analytics");

    private LogicalDatabases() {}

    /** {@code sql} with every three-part name of a logical database resolved as {@code target} stores it. */
    public static String resolve(WarehouseTarget target, String sql) {
        if (target.type() != WarehouseType.POSTGRES) {
            return sql;
        }
        List<Token> tokens = new Lexer(sql).tokens();
        StringBuilder resolved = new StringBuilder(sql.length());
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (isLogicalDatabase(sql, tokens, i)) {
                resolved.append(sql, copied, tokens.get(i).start());
                copied = tokens.get(i + 1).end();
            }
        }
        return resolved.append(sql, copied, sql.length()).toString();
    }

    /** Whether token {@code i} is {@code raw} or {@code analytics} starting a name {@code <database>.<schema>.<table>}. */
    private static boolean isLogicalDatabase(String sql, List<Token> tokens, int i) {
        if (i + 4 >= tokens.size()) {
            return false;
        }
        Token first = tokens.get(i);
        boolean named =
                first.kind() == Kind.WORD && NAMES.contains(first.text(sql).toLowerCase(Locale.ROOT))
                        || first.kind() == Kind.QUOTED_NAME
                                && NAMES.contains(first.text(sql).replace("\"", ""));
        return named
                && (i == 0 || tokens.get(i - 1).kind() != Kind.DOT)
                && tokens.get(i + 1).kind() == Kind.DOT
                && tokens.get(i + 2).isName()
                && tokens.get(i + 3).kind() == Kind.DOT
                && tokens.get(i + 4).isName();
    }

    private enum Kind {
        WORD,
        QUOTED_NAME,
        DOT,
        OTHER
    }

    private record Token(Kind kind, int start, int end) {
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }

        String text(String sql) {
            return sql.substring(start, end);
        }
    }

    /**
     * Splits SQL into names, dots and everything else, as PostgreSQL reads it: whitespace and comments ({@code --},
     * nested {@code /* *\/}) are dropped, string literals ({@code '...'}, {@code E'...'} with backslash escapes,
     * {@code $tag$...$tag$}) are single tokens.
     */
    private static final class Lexer {
        private final String sql;
        private final List<Token> tokens = new ArrayList<>();
        private int position;

        Lexer(String sql) {
            this.sql = sql;
        }

        List<Token> tokens() {
            while (position < sql.length()) {
                int start = position;
                char c = sql.charAt(position);
                if (Character.isWhitespace(c)) {
                    position++;
                } else if (sql.startsWith("--", position)) {
                    int newline = sql.indexOf('\n', position);
                    position = newline < 0 ? sql.length() : newline + 1;
                } else if (sql.startsWith("/*", position)) {
                    skipBlockComment();
                } else if (c == '\'') {
                    skipString(isEscapeString(start));
                    add(Kind.OTHER, start);
                } else if (c == '"') {
                    skipQuoted('"');
                    add(Kind.QUOTED_NAME, start);
                } else if (c == '$' && dollarTag() != null) {
                    skipDollarQuoted(dollarTag());
                    add(Kind.OTHER, start);
                } else if (Character.isLetter(c) || c == '_') {
                    while (position < sql.length() && isNamePart(sql.charAt(position))) {
                        position++;
                    }
                    add(Kind.WORD, start);
                } else if (c == '.') {
                    position++;
                    add(Kind.DOT, start);
                } else {
                    position++;
                    add(Kind.OTHER, start);
                }
            }
            return tokens;
        }

        private void add(Kind kind, int start) {
            tokens.add(new Token(kind, start, position));
        }

        /** Whether the quote at {@code start} opens an {@code E'...'} string, whose backslashes escape. */
        private boolean isEscapeString(int start) {
            if (tokens.isEmpty()) {
                return false;
            }
            Token last = tokens.get(tokens.size() - 1);
            return last.kind() == Kind.WORD
                    && last.end() == start
                    && last.text(sql).equalsIgnoreCase("e");
        }

        private void skipString(boolean backslashEscapes) {
            position++;
            while (position < sql.length()) {
                char c = sql.charAt(position++);
                if (backslashEscapes && c == '\\') {
                    position++;
                } else if (c == '\'') {
                    if (position < sql.length() && sql.charAt(position) == '\'') {
                        position++;
                    } else {
                        return;
                    }
                }
            }
        }

        private void skipQuoted(char quote) {
            position++;
            while (position < sql.length()) {
                if (sql.charAt(position++) == quote) {
                    if (position < sql.length() && sql.charAt(position) == quote) {
                        position++;
                    } else {
                        return;
                    }
                }
            }
        }

        private void skipBlockComment() {
            int depth = 0;
            while (position < sql.length()) {
                if (sql.startsWith("/*", position)) {
                    depth++;
                    position += 2;
                } else if (sql.startsWith("*/", position)) {
                    depth--;
                    position += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    position++;
                }
            }
        }

        /** The {@code $tag$} opening a dollar-quoted string at the position, or null ({@code $1} is a parameter). */
        private String dollarTag() {
            int end = position + 1;
            while (end < sql.length() && isNamePart(sql.charAt(end)) && sql.charAt(end) != '$') {
                end++;
            }
            if (end >= sql.length() || sql.charAt(end) != '$') {
                return null;
            }
            String tag = sql.substring(position, end + 1);
            return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
        }

        private void skipDollarQuoted(String tag) {
            int close = sql.indexOf(tag, position + tag.length());
            position = close < 0 ? sql.length() : close + tag.length();
        }

        private static boolean isNamePart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
