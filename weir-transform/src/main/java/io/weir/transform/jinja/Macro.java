package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

/**
 * One {@code {% macro %}} of a project's macro files (or a generic test's {@code {% test %}} block, whose name is
 * then {@code test_<name>}).
 *
 * @param uniqueId {@code macro.<package>.<name>}
 * @param originalFilePath the file, relative to the project
 * @param line the line of the block's start in that file
 * @param macroSql the whole block, {@code {% macro %}} to {@code {% endmacro %}}
 */
public record Macro(
        String uniqueId, String packageName, String name, String originalFilePath, int line, String macroSql) {
    public Macro {
        requireNonNull(uniqueId, "uniqueId is null");
        requireNonNull(name, "name is null");
        requireNonNull(macroSql, "macroSql is null");
    }
}
