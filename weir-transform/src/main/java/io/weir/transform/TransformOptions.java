package io.weir.transform;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.WarehouseTarget;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run a transform command, as {@code weir transform} flags or a {@code transform.*} task's keys say.
 *
 * @param projectDir the folder holding {@code dbt_project.yml}
 * @param profilesDir where {@code profiles.yml} is; null for the project folder, then {@code ~/.dbt}
 * @param targetName the profile's output to use; null for the profile's {@code target:}
 * @param select {@code --select} specs, each may hold several separated by spaces
 * @param exclude {@code --exclude} specs
 * @param fullRefresh rebuild incremental models and seeds from scratch
 * @param vars {@code --vars}, over the project's
 * @param threads {@code --threads}; null for the target's
 * @param failFast stop at the first failure
 * @param transformTarget where models, seeds and snapshots are built when Weir's warehouse settings apply; null to
 *     read {@code profiles.yml}
 * @param testTarget where tests run (the TEST flavor); null for the transform target
 * @param snapshotDatabase a default {@code target_database} for snapshots that set none; null for none
 * @param snapshotSchema a default {@code target_schema} for snapshots that set none; null for none
 * @param env the environment {@code env_var()} reads
 */
public record TransformOptions(
        Path projectDir,
        Path profilesDir,
        String targetName,
        List<String> select,
        List<String> exclude,
        boolean fullRefresh,
        Map<String, Object> vars,
        Integer threads,
        boolean failFast,
        WarehouseTarget transformTarget,
        WarehouseTarget testTarget,
        String snapshotDatabase,
        String snapshotSchema,
        Map<String, String> env) {

    public TransformOptions {
        requireNonNull(projectDir, "projectDir is null");
        select = List.copyOf(select);
        exclude = List.copyOf(exclude);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        env = Map.copyOf(env);
    }

    /** Options with every flag at its default, for the project in {@code projectDir}. */
    public static TransformOptions defaults(Path projectDir, Map<String, String> env) {
        return new TransformOptions(
                projectDir,
                null,
                null,
                List.of(),
                List.of(),
                false,
                Map.of(),
                null,
                false,
                null,
                null,
                null,
                null,
                env);
    }
}
