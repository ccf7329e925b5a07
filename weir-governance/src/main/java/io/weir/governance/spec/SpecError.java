package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** One mistake in a permission spec, at the line and column of the YAML node it is about. */
public record SpecError(Path file, int line, int column, String message) {
    public SpecError {
        requireNonNull(file, "file is null");
        requireNonNull(message, "message is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1, not " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
