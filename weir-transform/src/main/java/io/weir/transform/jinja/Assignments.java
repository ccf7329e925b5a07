package io.weir.transform.jinja;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names a template or macro sets with {@code {% set name = ... %}} or {@code {% set name %}...{% endset %}}. */
final class Assignments {
    private static final Pattern SET = Pattern.compile(
            "\\{%-?\\s*set\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*)\\s*(?:=|-?%})");

    private Assignments() {}

    static Set<String> in(String text) {
        if (text.indexOf("set") < 0) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        Matcher matcher = SET.matcher(text);
        while (matcher.find()) {
            for (String name : matcher.group(1).split("\\s*,\\s*")) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }
}
