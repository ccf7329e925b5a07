package io.weir.core.dag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one file, each at the position of the node it is about. */
final class Problems {
    private final Path file;
    private final List<DagFileError> errors = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void at(Node node, String message) {
        at(node.getStartMark(), message);
    }

    void at(Mark mark, String message) {
        if (mark == null) {
            at(1, 1, message);
        } else {
            at(mark.getLine() + 1, mark.getColumn() + 1, message);
        }
    }

    void at(int line, int column, String message) {
        errors.add(new DagFileError(file, line, column, message));
    }

    /** A problem in another file than the one parsed, such as a manifest a task names. */
    void inFile(Path other, int line, String message) {
        errors.add(new DagFileError(other, Math.max(1, line), 1, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int count() {
        return errors.size();
    }

    List<DagFileError> sorted() {
        return errors.stream()
                .sorted(Comparator.comparingInt(DagFileError::line).thenComparingInt(DagFileError::column))
                .toList();
    }
}
