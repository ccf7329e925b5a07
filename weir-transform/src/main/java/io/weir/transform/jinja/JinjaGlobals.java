package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.WarehouseTarget;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What every template of a project sees the same: the project's name, the target, the variables ({@code --vars}
 * over {@code dbt_project.yml}'s; an installed package's nodes see their own) and the environment {@code env_var}
 * reads.
 */
public record JinjaGlobals(
        String projectName,
        String profileName,
        WarehouseTarget target,
        Map<String, Object> vars,
        Map<String, String> env,
        Map<String, Map<String, Object>> packageVars) {

    public JinjaGlobals {
        requireNonNull(projectName, "projectName is null");
        requireNonNull(target, "target is null");
        vars = Collections.unmodifiableMap(new HashMap<>(vars));
        env = Map.copyOf(env);
        Map<String, Map<String, Object>> copied = new HashMap<>();
        packageVars.forEach((name, scoped) -> copied.put(name, Collections.unmodifiableMap(new HashMap<>(scoped))));
        packageVars = Map.copyOf(copied);
    }

    public JinjaGlobals(
            String projectName,
            String profileName,
            WarehouseTarget target,
            Map<String, Object> vars,
            Map<String, String> env) {
        this(projectName, profileName, target, vars, env, Map.of());
    }

    /** The variables the nodes of {@code packageName} see (null or the project's name: the project's own). */
    public Map<String, Object> vars(String packageName) {
        return packageName == null ? vars : packageVars.getOrDefault(packageName, vars);
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
