package io.weir.transform.deps;

import io.weir.transform.TransformException;
import io.weir.transform.yaml.YamlFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where a project's packages are installed, and which are. */
public final class InstalledPackages {
    private static final String PROJECT_FILE = "dbt_project.yml";
    private static final String DEFAULT_INSTALL_PATH = "dbt_packages";
    private static final String OLD_INSTALL_PATH = "dbt_modules";

    private InstalledPackages() {}

    /** The project's {@code packages-install-path}, default {@code dbt_packages}. */
    public static Path installDir(Path projectDir) {
        Path file = projectDir.resolve(PROJECT_FILE);
        Object configured = Files.isRegularFile(file)
                ? YamlFiles.readMap(file, PROJECT_FILE).get("packages-install-path")
                : null;
        return projectDir.resolve(configured == null ? DEFAULT_INSTALL_PATH : configured.toString());
    }

    /**
     * The installed packages' folders by project name: those of the install path, then those of an older
     * project's {@code dbt_modules/} not installed there too.
     */
    public static Map<String, Path> find(Path projectDir) {
        Map<String, Path> found = new LinkedHashMap<>();
        for (Path dir : List.of(installDir(projectDir), projectDir.resolve(OLD_INSTALL_PATH))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> folders = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(folder -> Files.isRegularFile(folder.resolve(PROJECT_FILE)))
                        .sorted()
                        .forEach(folders::add);
            } catch (IOException e) {
                throw new TransformException("Cannot list the packages in " + dir + ": " + e.getMessage(), e);
            }
            for (Path folder : folders) {
                found.putIfAbsent(
                        projectName(folder, projectDir.relativize(folder).toString()), folder);
            }
        }
        return found;
    }

    /** The {@code name:} in a package's {@code dbt_project.yml}; errors name {@code shownAs}. */
    static String projectName(Path packageDir, String shownAs) {
        Path file = packageDir.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(file)) {
            throw new TransformException("The package " + shownAs + " has no " + PROJECT_FILE
                    + " at its root; point packages.yml at the package's folder (for git, with 'subdirectory:')");
        }
        Object name = YamlFiles.readMap(file, shownAs + " " + PROJECT_FILE).get("name");
        if (name == null || !name.toString().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new TransformException("The package " + shownAs + " has no valid 'name:' in its " + PROJECT_FILE);
        }
        return name.toString();
    }
}
