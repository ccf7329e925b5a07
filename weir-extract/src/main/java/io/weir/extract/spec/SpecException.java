package io.weir.extract.spec;

import static java.util.Objects.requireNonNull;

import io.weir.extract.ExtractException;
import java.util.List;
import java.util.stream.Collectors;

/** A source description that cannot be read: every problem with its line, one {@code file:line: message} a line. */
public final class SpecException extends ExtractException {
    private static final long serialVersionUID = 1L;

    /** One problem at a 1-based line of the file. */
    public record Problem(int line, String message) {
        public Problem {
            requireNonNull(message, "message is null");
            line = Math.max(1, line);
        }
    }

    private final transient List<Problem> problems;

    public SpecException(String file, List<Problem> problems) {
        super(problems.stream()
                .map(problem -> file + ":" + problem.line() + ": " + problem.message())
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
