package io.weir.transform.compile;

import io.weir.warehouse.WarehouseTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The fixture projects under {@code src/test/resources/projects}, and small projects written on the fly. */
public final class Fixtures {
    private Fixtures() {}

    public static Path project(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/projects/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the fixture {@code name} in {@code dir}, for tests that add or change files. */
    public static Path copy(String name, Path dir) {
        Path source = project(name);
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(file -> {
                Path copy = dir.resolve(source.relativize(file).toString());
                try {
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes {@code text} to {@code dir/relativePath}, creating folders. */
    public static void write(Path dir, String relativePath, String text) {
        try {
            Path file = dir.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DuckDB target in {@code dir} whose database is {@code analytics} and schema {@code main}. */
    public static WarehouseTarget duckdb(Path dir) {
        return WarehouseTarget.duckdb("dev", dir.resolve("analytics.duckdb"), "main", 1, Map.of());
    }

    /**
     * Compiles every node of {@code project}, as {@code weir transform compile} does; the first node's error is
     * thrown (a template that fails in the parse pass fails here, not when the project loads).
     */
    public static void compileAll(TransformProject project) {
        project.manifest().nodes().values().forEach(node -> project.compile(node, null, false));
    }
}
