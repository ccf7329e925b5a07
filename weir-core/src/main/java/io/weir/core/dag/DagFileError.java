package io.weir.core.dag;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One problem in a DAG file: where it is and what to do about it.
 *
 * @param file the DAG file, relative to the project folder
 * @param line 1-based line of the offending key or value
 * @param column 1-based column of the offending key or value
 */
public record DagFileError(Path file, int line, int column, String message) {
    public DagFileError {
        requireNonNull(file, "file is null");
        requireNonNull(message, "message is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    /** The compiler-style form {@code dags/demo.yaml:12:5: message} that editors and terminals link. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
