package io.weir.core.dag;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of parsing one DAG file: a DAG, or every problem found in the file.
 *
 * @param dag null when the file has errors
 * @param errors empty when the file parsed, sorted by line and column otherwise
 */
public record DagParseResult(Path file, Dag dag, List<DagFileError> errors) {
    public DagParseResult {
        requireNonNull(file, "file is null");
        errors = List.copyOf(errors);
        if ((dag == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a parse result holds either a DAG or errors: " + file);
        }
    }

    public static DagParseResult parsed(Dag dag) {
        return new DagParseResult(dag.file(), dag, List.of());
    }

    public static DagParseResult failed(Path file, List<DagFileError> errors) {
        return new DagParseResult(file, null, errors);
    }

    public boolean ok() {
        return dag != null;
    }
}
