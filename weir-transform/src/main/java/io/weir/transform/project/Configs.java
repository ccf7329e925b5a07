package io.weir.transform.project;

import io.weir.transform.yaml.YamlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dbt's rules for node configuration: which keys are configs, the defaults of each kind of node, and how a more
 * specific level merges into a less specific one ({@code tags} and hooks add up, {@code meta} merges by key,
 * everything else is replaced).
 */
public final class Configs {
    /** Keys that are configs even without a leading {@code +} in {@code dbt_project.yml}. */
    public static final Set<String> KNOWN = Set.of(
            "materialized",
            "schema",
            "database",
            "alias",
            "tags",
            "enabled",
            "unique_key",
            "incremental_strategy",
            "on_schema_change",
            "full_refresh",
            "column_types",
            "severity",
            "meta",
            "persist_docs",
            "quoting",
            "pre-hook",
            "post-hook",
            "pre_hook",
            "post_hook",
            "docs",
            "grants",
            "contract",
            "strategy",
            "updated_at",
            "check_cols",
            "target_schema",
            "target_database",
            "invalidate_hard_deletes",
            "hard_deletes",
            "snapshot_meta_column_names",
            "warn_if",
            "error_if",
            "fail_calc",
            "store_failures",
            "store_failures_as",
            "where",
            "limit",
            "quote_columns",
            "delimiter",
            "sql_header",
            "incremental_predicates",
            "on_configuration_change",
            "group",
            "access",
            "packages",
            "labels",
            "dbt_valid_to_current",
            "merge_update_columns",
            "merge_exclude_columns",
            "batch_size",
            "lookback",
            "event_time",
            "begin");

    private static final Set<String> ADDITIVE_LISTS = Set.of("tags", "pre-hook", "post-hook");
    private static final Set<String> MERGED_MAPS = Set.of("meta", "grants");

    private Configs() {}

    /** The config key dbt means: {@code post_hook} is {@code post-hook}. */
    public static String normalize(String key) {
        return switch (key) {
            case "pre_hook" -> "pre-hook";
            case "post_hook" -> "post-hook";
            default -> key;
        };
    }

    /** Merges {@code override} into {@code base} in place. */
    public static void merge(Map<String, Object> base, Map<String, ?> override) {
        override.forEach((rawKey, value) -> {
            String key = normalize(rawKey);
            if (ADDITIVE_LISTS.contains(key)) {
                Set<Object> all = new LinkedHashSet<>(YamlFiles.list(base.get(key)));
                all.addAll(YamlFiles.list(value));
                base.put(key, new ArrayList<>(all));
            } else if (MERGED_MAPS.contains(key) && value instanceof Map<?, ?> map) {
                Map<String, Object> merged = new LinkedHashMap<>(YamlFiles.map(base.get(key), key));
                map.forEach((k, v) -> merged.put(String.valueOf(k), v));
                base.put(key, merged);
            } else {
                base.put(key, value);
            }
        });
    }

    /** The configuration a node of {@code type} starts from. */
    public static Map<String, Object> defaults(ResourceType type) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("enabled", true);
        config.put("alias", null);
        config.put("schema", null);
        config.put("database", null);
        config.put("tags", new ArrayList<>());
        config.put("meta", new LinkedHashMap<>());
        switch (type) {
            case MODEL, ANALYSIS -> {
                config.put("materialized", "view");
                modelDefaults(config);
            }
            case SEED -> {
                config.put("materialized", "seed");
                modelDefaults(config);
                config.put("quote_columns", null);
                config.put("delimiter", ",");
            }
            case SNAPSHOT -> {
                config.put("materialized", "snapshot");
                modelDefaults(config);
                config.put("strategy", null);
                config.put("target_schema", null);
                config.put("target_database", null);
                config.put("updated_at", null);
                config.put("check_cols", null);
            }
            case TEST -> {
                config.put("materialized", "test");
                config.put("severity", "ERROR");
                config.put("store_failures", null);
                config.put("where", null);
                config.put("limit", null);
                config.put("fail_calc", "count(*)");
                config.put("warn_if", "!= 0");
                config.put("error_if", "!= 0");
            }
            case SOURCE -> {}
        }
        return config;
    }

    private static void modelDefaults(Map<String, Object> config) {
        config.put("persist_docs", new LinkedHashMap<>());
        config.put("quoting", new LinkedHashMap<>());
        config.put("column_types", new LinkedHashMap<>());
        config.put("full_refresh", null);
        config.put("unique_key", null);
        config.put("on_schema_change", "ignore");
        config.put("pre-hook", new ArrayList<>());
        config.put("post-hook", new ArrayList<>());
    }

    /** Keys of a generic test's definition that configure the test rather than being its arguments. */
    public static boolean isTestConfig(String key) {
        return List.of(
                        "severity",
                        "tags",
                        "enabled",
                        "where",
                        "limit",
                        "warn_if",
                        "error_if",
                        "fail_calc",
                        "store_failures",
                        "store_failures_as",
                        "meta",
                        "database",
                        "schema",
                        "alias")
                .contains(key);
    }
}
