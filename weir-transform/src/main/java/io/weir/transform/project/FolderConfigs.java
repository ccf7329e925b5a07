package io.weir.transform.project;

import io.weir.transform.yaml.YamlFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resource type's block of {@code dbt_project.yml} ({@code models:}, {@code seeds:}, ...): nested keys follow
 * the project name and then sub-folders (and file names); {@code +key} and known config names are configs. A node's
 * configuration from it is every level on its path merged, the most specific last.
 */
public final class FolderConfigs {
    private final Map<String, Object> tree;
    private final String shownAs;

    public FolderConfigs(Map<String, Object> tree, String shownAs) {
        this.tree = tree;
        this.shownAs = shownAs;
    }

    public static FolderConfigs none() {
        return new FolderConfigs(Map.of(), "");
    }

    /** The merged configuration for a node whose fully qualified name is {@code fqn}. */
    public Map<String, Object> resolve(List<String> fqn) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> level = tree;
        apply(level, config);
        for (String part : fqn) {
            Object next = level.get(part);
            if (!(next instanceof Map<?, ?>) || part.startsWith("+")) {
                break;
            }
            level = YamlFiles.map(next, shownAs + " " + part);
            apply(level, config);
        }
        return config;
    }

    private static void apply(Map<String, Object> level, Map<String, Object> config) {
        Map<String, Object> here = new LinkedHashMap<>();
        level.forEach((key, value) -> {
            if (key.startsWith("+")) {
                here.put(key.substring(1), value);
            } else if (Configs.KNOWN.contains(key) && !(value instanceof Map<?, ?> && isFolderLike(key))) {
                here.put(key, value);
            }
        });
        Configs.merge(config, here);
    }

    private static boolean isFolderLike(String key) {
        return !key.equals("meta")
                && !key.equals("persist_docs")
                && !key.equals("column_types")
                && !key.equals("quoting")
                && !key.equals("docs")
                && !key.equals("grants")
                && !key.equals("contract")
                && !key.equals("snapshot_meta_column_names");
    }
}
