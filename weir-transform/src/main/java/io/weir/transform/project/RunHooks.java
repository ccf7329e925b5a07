package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.deps.InstalledPackages;
import io.weir.transform.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code on-run-start} and {@code on-run-end} hooks of a project and of its installed packages, root project's
 * first, as dbt runs them around {@code run}, {@code build}, {@code seed}, {@code snapshot} and {@code test}.
 */
public record RunHooks(List<Hook> onRunStart, List<Hook> onRunEnd) {
    public RunHooks {
        onRunStart = List.copyOf(onRunStart);
        onRunEnd = List.copyOf(onRunEnd);
    }

    /**
     * One hook: a SQL template.
     *
     * @param where the file and key, for messages: {@code dbt_project.yml on-run-end[1]}
     */
    public record Hook(String sql, String packageName, String where) {}

    /** The hooks of the project in {@code projectDir} and of its installed packages. */
    public static RunHooks read(Path projectDir) {
        List<Hook> start = new ArrayList<>();
        List<Hook> end = new ArrayList<>();
        Path root = projectDir.toAbsolutePath().normalize();
        add(root, ProjectSettings.FILE, start, end);
        InstalledPackages.find(root).values().forEach(folder -> {
            if (!folder.equals(root)) {
                add(
                        folder,
                        root.relativize(folder.resolve(ProjectSettings.FILE)).toString(),
                        start,
                        end);
            }
        });
        return new RunHooks(start, end);
    }

    private static void add(Path dir, String shownAs, List<Hook> start, List<Hook> end) {
        Path file = dir.resolve(ProjectSettings.FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, Object> yaml = YamlFiles.readMap(file, shownAs);
        String packageName = String.valueOf(yaml.get("name"));
        hooks(yaml.get("on-run-start"), packageName, shownAs + " on-run-start", start);
        hooks(yaml.get("on-run-end"), packageName, shownAs + " on-run-end", end);
    }

    private static void hooks(Object value, String packageName, String shownAs, List<Hook> into) {
        List<Object> listed = YamlFiles.list(value);
        for (int i = 0; i < listed.size(); i++) {
            Object hook = listed.get(i);
            String where = shownAs + "[" + i + "]";
            if (hook instanceof Map<?, ?> || hook instanceof List<?>) {
                throw new TransformException(where + " must be a SQL statement (text), such as \"grant usage on"
                        + " schema {{ target.schema }} to reporter\"");
            }
            if (!hook.toString().isBlank()) {
                into.add(new Hook(hook.toString(), packageName, where));
            }
        }
    }
}
