package io.weir.core.task;

import java.util.List;

/** A task entry cannot be made into tasks; each problem points at a file's own line (see {@link FileProblem}). */
public final class ExpansionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<FileProblem> problems;

    public ExpansionException(List<FileProblem> problems) {
        super(problems.isEmpty() ? "no problems" : problems.get(0).message());
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an expansion failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<FileProblem> problems() {
        return problems;
    }
}
