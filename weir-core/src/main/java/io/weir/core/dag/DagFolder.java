package io.weir.core.dag;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.error.Mark;

/** Reads every DAG file of a folder: {@code *.yaml} and {@code *.yml}, recursively, skipping hidden names. */
public final class DagFolder {
    private final DagParser parser;
    // Parsing is what costs; a file whose bytes, and those of the files its tasks came from, did not change keeps
    // its parse.
    private final Map<Path, CachedParse> cache = new ConcurrentHashMap<>();

    private record CachedParse(byte[] content, DagParser.ParsedFile parsed) {}

    public DagFolder(DagParser parser) {
        this.parser = requireNonNull(parser, "parser is null");
    }

    /**
     * Parses the DAG files under {@code dagsFolder} (relative to {@code projectDir}, or absolute). A folder that does
     * not exist holds no DAGs. A dag_id already used by an earlier file (in path order) is an error on the later one.
     */
    public DagFolderResult parse(Path projectDir, Path dagsFolder) {
        Path project = projectDir.toAbsolutePath().normalize();
        List<Path> files = dagFiles(project.resolve(dagsFolder).normalize()).stream()
                .map(project::relativize)
                .sorted(Comparator.comparing(Path::toString))
                .toList();
        List<Dag> dags = new ArrayList<>();
        List<DagFileError> errors = new ArrayList<>();
        Map<String, Path> firstFileOfDagId = new HashMap<>();
        for (Path file : files) {
            DagParser.ParsedFile parsed;
            try {
                byte[] content = Files.readAllBytes(project.resolve(file));
                CachedParse cached = cache.get(file);
                if (cached != null
                        && Arrays.equals(cached.content(), content)
                        && WatchedFiles.unchanged(cached.parsed().inputs())) {
                    parsed = cached.parsed();
                } else {
                    parsed = parser.parseFile(project, file, content);
                    cache.put(file, new CachedParse(content, parsed));
                }
            } catch (IOException e) {
                errors.add(new DagFileError(file, 1, 1, "The file cannot be read (" + e + "); check its permissions"));
                continue;
            }
            DagParseResult result = parsed.result();
            if (!result.ok()) {
                errors.addAll(result.errors());
                continue;
            }
            Dag dag = result.dag();
            Path first = firstFileOfDagId.putIfAbsent(dag.dagId(), file);
            if (first != null) {
                Mark mark = parsed.dagIdMark();
                errors.add(new DagFileError(
                        file,
                        mark == null ? 1 : mark.getLine() + 1,
                        mark == null ? 1 : mark.getColumn() + 1,
                        "dag_id '" + dag.dagId() + "' is already used by " + first + "; give this DAG another dag_id"));
                continue;
            }
            dags.add(dag);
        }
        cache.keySet().retainAll(files);
        return new DagFolderResult(dags, errors, files);
    }

    private static List<Path> dagFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try {
            // followed links let a git-synced folder be a symbolic link to the current checkout
            Files.walkFileTree(
                    folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                            return !directory.equals(folder) && isHidden(directory)
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            String name = file.getFileName().toString();
                            if (attributes.isRegularFile()
                                    && !isHidden(file)
                                    && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the DAG folder " + folder, e);
        }
        return files;
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
