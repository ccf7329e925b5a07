package io.weir.transform.project;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code dbt_project.yml} says about the project itself.
 *
 * @param rootDir the folder holding {@code dbt_project.yml}
 * @param name the project's name, the package of its nodes
 * @param profile the profile in {@code profiles.yml} it runs with
 * @param modelPaths folders of models ({@code models}), relative to the root; likewise the other paths
 * @param targetPath where artifacts go ({@code target})
 * @param vars the project's {@code vars:}, global ones and those scoped to the project name merged
 */
public record ProjectInfo(
        Path rootDir,
        String name,
        String version,
        String profile,
        List<String> modelPaths,
        List<String> seedPaths,
        List<String> snapshotPaths,
        List<String> macroPaths,
        List<String> testPaths,
        List<String> analysisPaths,
        String targetPath,
        Map<String, Object> vars) {

    public ProjectInfo {
        requireNonNull(rootDir, "rootDir is null");
        requireNonNull(name, "name is null");
        modelPaths = List.copyOf(modelPaths);
        seedPaths = List.copyOf(seedPaths);
        snapshotPaths = List.copyOf(snapshotPaths);
        macroPaths = List.copyOf(macroPaths);
        testPaths = List.copyOf(testPaths);
        analysisPaths = List.copyOf(analysisPaths);
        vars = Map.copyOf(vars);
    }

    /** The artifacts folder resolved against the project root. */
    public Path targetDir() {
        return rootDir.resolve(targetPath);
    }
}
