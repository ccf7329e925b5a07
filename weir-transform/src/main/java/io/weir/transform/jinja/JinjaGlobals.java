package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.WarehouseTarget;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What every template of a project sees the same: the project's name, the target, the variables ({@code --vars}
 * over {@code dbt_project.yml}'s) and the environment {@code env_var} reads.
 */
public record JinjaGlobals(
        String projectName,
        String profileName,
        WarehouseTarget target,
        Map<String, Object> vars,
        Map<String, String> env) {

    public JinjaGlobals {
        requireNonNull(projectName, "projectName is null");
        requireNonNull(target, "target is null");
        vars = Collections.unmodifiableMap(new HashMap<>(vars));
        env = Map.copyOf(env);
    }

    /** {@code target} as templates see it: name, schema, database, type, threads, profile_name. */
    public Map<String, Object> targetMap() {
        Map<String, Object> map = new HashMap<>();
        map.put("name", target.name());
        map.put("target_name", target.name());
        map.put("schema", target.schema());
        map.put("database", target.database());
        map.put("dbname", target.database());
        map.put("type", target.type().profileName());
        map.put("threads", target.threads());
        map.put("profile_name", profileName);
        if (target.user() != null) {
            map.put("user", target.user());
        }
        return Collections.unmodifiableMap(map);
    }
}
