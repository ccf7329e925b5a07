package io.weir.transform.project;

import io.weir.transform.DbtVersion;
import io.weir.transform.TransformException;
import io.weir.transform.deps.VersionRange;
import io.weir.transform.yaml.YamlFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code dbt_project.yml} says: the project itself and the folder configuration of each kind of node. */
public record ProjectSettings(ProjectInfo info, Map<ResourceType, FolderConfigs> folderConfigs, List<String> warnings) {
    public static final String FILE = "dbt_project.yml";

    /**
     * @param warnings what the file says that Weir ignores, such as an unknown key, each naming the file and line
     */
    public ProjectSettings {
        folderConfigs = Map.copyOf(folderConfigs);
        warnings = List.copyOf(warnings);
    }

    public FolderConfigs folderConfigs(ResourceType type) {
        return folderConfigs.getOrDefault(type, FolderConfigs.none());
    }

    /**
     * Reads {@code dbt_project.yml} of {@code projectDir}.
     *
     * @throws TransformException naming the file and key when it is missing or wrong
     */
    public static ProjectSettings read(Path projectDir) {
        Path file = projectDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new TransformException("No " + FILE + " in " + projectDir.toAbsolutePath()
                    + "; run from a dbt project folder or pass --project-dir");
        }
        String text = readText(file);
        Map<String, Object> yaml = YamlFiles.parseMap(text, FILE);
        Map<String, Integer> lines = ProjectKeys.lines(text);
        checkDbtVersion(yaml.get("require-dbt-version"), lines.get("require-dbt-version"), projectDir);
        Object name = yaml.get("name");
        if (name == null || !name.toString().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new TransformException(FILE + ": 'name' must be set to the project's name (letters, digits and"
                    + " underscores, not starting with a digit), not " + (name == null ? "nothing" : "'" + name + "'"));
        }
        String projectName = name.toString();
        ProjectInfo info = new ProjectInfo(
                projectDir,
                projectName,
                text(yaml.get("version")),
                text(yaml.get("profile")),
                paths(yaml, "model-paths", "source-paths", "models"),
                paths(yaml, "seed-paths", "data-paths", "seeds"),
                paths(yaml, "snapshot-paths", null, "snapshots"),
                paths(yaml, "macro-paths", null, "macros"),
                paths(yaml, "test-paths", null, "tests"),
                paths(yaml, "analysis-paths", null, "analyses"),
                yaml.get("target-path") == null
                        ? "target"
                        : yaml.get("target-path").toString(),
                vars(yaml.get("vars"), projectName));
        Map<ResourceType, FolderConfigs> configs = new EnumMap<>(ResourceType.class);
        configs.put(ResourceType.MODEL, folder(yaml, "models"));
        configs.put(ResourceType.SEED, folder(yaml, "seeds"));
        configs.put(ResourceType.SNAPSHOT, folder(yaml, "snapshots"));
        configs.put(ResourceType.ANALYSIS, folder(yaml, "analyses"));
        configs.put(ResourceType.SOURCE, folder(yaml, "sources"));
        configs.put(ResourceType.TEST, folder(yaml, yaml.containsKey("data_tests") ? "data_tests" : "tests"));
        return new ProjectSettings(info, configs, ProjectKeys.warnings(lines, FILE));
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new TransformException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a project whose {@code require-dbt-version} excludes the dbt version Weir runs projects as. */
    private static void checkDbtVersion(Object required, Integer line, Path projectDir) {
        if (required == null) {
            return;
        }
        String where = projectDir.resolve(FILE) + (line == null ? "" : " line " + line);
        VersionRange range = VersionRange.parse(YamlFiles.strings(required), where + ": require-dbt-version");
        if (!range.allows(DbtVersion.CURRENT)) {
            throw new TransformException(where + ": require-dbt-version " + range + " does not allow dbt "
                    + DbtVersion.CURRENT + ", the version Weir runs projects as (`weir transform debug` shows it);"
                    + " widen the range, or use a release of the package made for dbt " + DbtVersion.CURRENT);
        }
    }

    private static FolderConfigs folder(Map<String, Object> yaml, String key) {
        return new FolderConfigs(YamlFiles.map(yaml.get(key), FILE + " " + key + ":"), FILE + " " + key + ":");
    }

    private static List<String> paths(Map<String, Object> yaml, String key, String oldKey, String otherwise) {
        Object value = yaml.containsKey(key) ? yaml.get(key) : oldKey == null ? null : yaml.get(oldKey);
        if (value == null) {
            return List.of(otherwise);
        }
        if (!(value instanceof List<?>)) {
            throw new TransformException(FILE + ": '" + key + "' must be a list of folders, such as [" + otherwise
                    + "], not '" + value + "'");
        }
        return YamlFiles.strings(value);
    }

    private static Map<String, Object> vars(Object value, String projectName) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, Object> scoped = Map.of();
        for (Map.Entry<String, Object> entry :
                YamlFiles.map(value, FILE + " vars:").entrySet()) {
            if (entry.getKey().equals(projectName) && entry.getValue() instanceof Map<?, ?>) {
                scoped = YamlFiles.map(entry.getValue(), FILE + " vars: " + projectName);
            } else if (entry.getValue() != null) {
                vars.put(entry.getKey(), entry.getValue());
            }
        }
        scoped.forEach((key, scopedValue) -> {
            if (scopedValue != null) {
                vars.put(key, scopedValue);
            }
        });
        return vars;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
