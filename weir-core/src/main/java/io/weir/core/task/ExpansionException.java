package io.weir.core.task;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A file a task entry names cannot be expanded into tasks; each problem points at that file's own line. */
public final class ExpansionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem, at a 1-based line of {@code file} (relative to the project). */
    public record Problem(String file, int line, String message) {
        public Problem {
            requireNonNull(file, "file is null");
            requireNonNull(message, "message is null");
            line = Math.max(1, line);
        }
    }

    private final transient List<Problem> problems;

    public ExpansionException(List<Problem> problems) {
        super(problems.isEmpty() ? "no problems" : problems.get(0).message());
        this.problems = List.copyOf(problems);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an expansion failure needs at least one problem");
        }
    }

    public List<Problem> problems() {
        return problems;
    }
}
