package io.weir.transform.project;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code {% macro %}} and {@code {% test %}} blocks of a macro file (a generic test {@code name} becomes
 * the macro {@code test_name}); {@code {% materialization %}} blocks are skipped, as Weir brings its own.
 */
final class MacroFiles {
    private static final Pattern START =
            Pattern.compile("\\{%-?\\s*(macro|test|materialization)\\s+([A-Za-z_][A-Za-z0-9_]*)");

    private MacroFiles() {}

    static List<Macro> parse(String text, String originalFilePath, String packageName) {
        List<Macro> macros = new ArrayList<>();
        Matcher start = START.matcher(text);
        int from = 0;
        while (start.find(from)) {
            String kind = start.group(1);
            Matcher end = Pattern.compile("\\{%-?\\s*end" + kind + "\\s*-?%}").matcher(text);
            if (!end.find(start.end())) {
                throw new io.weir.transform.TransformException("Compilation error in " + originalFilePath + ", line "
                        + lineOf(text, start.start()) + ": {% " + kind + " " + start.group(2) + " %} has no {% end"
                        + kind + " %}");
            }
            if (!kind.equals("materialization")) {
                String name = kind.equals("test") ? "test_" + start.group(2) : start.group(2);
                macros.add(new Macro(
                        "macro." + packageName + "." + name,
                        packageName,
                        name,
                        originalFilePath,
                        lineOf(text, start.start()),
                        text.substring(start.start(), end.end())));
            }
            from = end.end();
        }
        return macros;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
