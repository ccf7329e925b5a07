package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A permission spec in permifrost's format, checked: every role and database it references is declared and every
 * name is well formed.
 *
 * @param file where it was read from
 * @param databases the declared databases by name
 * @param roles the roles and then the users, by name, in file order
 * @param snowflakeOnly one sentence per part of the spec that has no meaning on PostgreSQL (warehouses,
 *     integrations, shared databases, owners), each naming what it holds; empty when there is none
 */
public record PermissionSpec(
        Path file, Map<String, DatabaseSpec> databases, Map<String, RoleSpec> roles, List<String> snowflakeOnly) {

    public PermissionSpec {
        requireNonNull(file, "file is null");
        databases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        snowflakeOnly = List.copyOf(snowflakeOnly);
    }

    public List<RoleSpec> users() {
        return roles.values().stream().filter(RoleSpec::user).toList();
    }

    public List<RoleSpec> plainRoles() {
        return roles.values().stream().filter(role -> !role.user()).toList();
    }
}
