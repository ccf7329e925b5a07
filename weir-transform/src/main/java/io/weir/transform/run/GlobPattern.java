package io.weir.transform.run;

import java.util.regex.Pattern;

/**
 * A shell-style wildcard pattern as selectors use them: {@code *} any run of characters, {@code ?} one character,
 * {@code [abc]} / {@code [a-z]} / {@code [!abc]} one character of (or not of) a set. Text without wildcards matches
 * itself only. In a path pattern {@code *} stays within one folder and {@code **} crosses folders.
 */
record GlobPattern(String text, Pattern regex) {

    static GlobPattern of(String text) {
        return compile(text, false);
    }

    static GlobPattern ofPath(String text) {
        return compile(text, true);
    }

    private static GlobPattern compile(String text, boolean path) {
        if (!hasWildcard(text)) {
            return new GlobPattern(text, null);
        }
        return new GlobPattern(text, Pattern.compile(translate(text, path), Pattern.DOTALL));
    }

    static boolean hasWildcard(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']') {
                return true;
            }
        }
        return false;
    }

    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return regex == null ? text.equals(candidate) : regex.matcher(candidate).matches();
    }

    private static String translate(String glob, boolean path) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '*' -> {
                    if (!path) {
                        regex.append(".*");
                    } else if (i < glob.length() && glob.charAt(i) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i, close);
                        i = close + 1;
                        regex.append('[');
                        if (set.startsWith("!")) {
                            regex.append('^');
                            set = set.substring(1);
                        }
                        regex.append(set.replace("\\", "\\\\").replace("[", "\\["))
                                .append(']');
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
