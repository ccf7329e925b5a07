package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import io.weir.extract.ExtractException;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be read: every problem with its line, one {@code manifest:line: message} a line. */
public final class ManifestException extends ExtractException {
    private static final long serialVersionUID = 1L;

    /** One problem at a 1-based line of the manifest. */
    public record Problem(int line, String message) {
        public Problem {
            requireNonNull(message, "message is null");
            line = Math.max(1, line);
        }
    }

    private final String manifest;
    private final transient List<Problem> problems;

    public ManifestException(String manifest, List<Problem> problems) {
        super(problems.stream()
                .map(problem -> manifest + ":" + problem.line() + ": " + problem.message())
                .collect(Collectors.joining("\n")));
        this.manifest = requireNonNull(manifest, "manifest is null");
        this.problems = List.copyOf(problems);
    }

    /** The manifest as messages name it, relative to the project. */
    public String manifest() {
        return manifest;
    }

    public List<Problem> problems() {
        return problems;
    }
}
