package io.weir.extract.files;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a sheet's headers into column names: snake_case identifiers ({@code Hiring Plan (Q1)} becomes
 * {@code hiring_plan_q1}, {@code startDate} {@code start_date}), a name for an empty header ({@code column_3}), and a
 * suffix for a repeated one ({@code amount_2}). No name starts with an underscore, so none meets Weir's own columns.
 */
public final class ColumnNames {
    private static final int MAX_LENGTH = 59;

    private ColumnNames() {}

    public static List<String> of(List<String> headers) {
        List<String> names = new ArrayList<>(headers.size());
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            String base = snakeCase(headers.get(i));
            if (base.isEmpty()) {
                base = "column_" + (i + 1);
            } else if (Character.isDigit(base.charAt(0))) {
                base = "column_" + base;
            }
            if (base.length() > MAX_LENGTH) {
                base = base.substring(0, MAX_LENGTH);
            }
            String name = base;
            for (int suffix = 2; !taken.add(name); suffix++) {
                name = base + "_" + suffix;
            }
            names.add(name);
        }
        return names;
    }

    static String snakeCase(String header) {
        StringBuilder name = new StringBuilder(header.length() + 4);
        String text = header.strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                boolean wordStart = Character.isUpperCase(c)
                        && i > 0
                        && (Character.isLowerCase(text.charAt(i - 1))
                                || i + 1 < text.length()
                                        && Character.isLowerCase(text.charAt(i + 1))
                                        && Character.isUpperCase(text.charAt(i - 1)));
                if (wordStart && name.length() > 0 && name.charAt(name.length() - 1) != '_') {
                    name.append('_');
                }
                name.append(Character.toLowerCase(c));
            } else if (name.length() > 0 && name.charAt(name.length() - 1) != '_') {
                name.append('_');
            }
        }
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
