package io.weir.core.dag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every DAG of a DAG folder and every problem found in it.
 *
 * @param dags the DAGs that parsed, ordered by file path
 * @param errors the problems, ordered by file path, line and column
 * @param files every DAG file read, relative to the project, ordered by path
 */
public record DagFolderResult(List<Dag> dags, List<DagFileError> errors, List<Path> files) {
    public DagFolderResult {
        dags = List.copyOf(dags);
        errors = List.copyOf(errors);
        files = List.copyOf(files);
    }

    /**
     * The DAG files read that gave no DAG. Not always the files of {@link #errors}: a problem in a file a task names
     * (a manifest) is reported at that file's line.
     */
    public List<Path> brokenFiles() {
        Set<Path> parsed = new HashSet<>();
        dags.forEach(dag -> parsed.add(dag.file()));
        return files.stream().filter(file -> !parsed.contains(file)).toList();
    }

    /** The errors grouped by file, files in path order: what an import-error table holds. */
    public Map<Path, List<DagFileError>> errorsByFile() {
        Map<Path, List<DagFileError>> byFile = new LinkedHashMap<>();
        for (DagFileError error : errors) {
            byFile.computeIfAbsent(error.file(), file -> new ArrayList<>()).add(error);
        }
        byFile.replaceAll((file, fileErrors) -> List.copyOf(fileErrors));
        return byFile;
    }
}
