package io.weir.governance.plan;

import java.util.Set;

/**
 * What {@code weir permissions run} does, with permifrost's options.
 *
 * @param dry print the statements, run none
 * @param diff also print what is already in place
 * @param roles limit the run to these roles (empty: no limit by role)
 * @param users limit the run to these users (empty: no limit by user)
 * @param ignoreMemberships neither grant nor revoke role memberships
 */
public record RunOptions(boolean dry, boolean diff, Set<String> roles, Set<String> users, boolean ignoreMemberships) {
    public static final RunOptions DEFAULT = new RunOptions(false, false, Set.of(), Set.of(), false);

    public RunOptions {
        roles = Set.copyOf(roles);
        users = Set.copyOf(users);
    }

    public RunOptions withDry(boolean newDry) {
        return new RunOptions(newDry, diff, roles, users, ignoreMemberships);
    }

    /** Whether only some roles and users are dealt with. */
    public boolean limited() {
        return !roles.isEmpty() || !users.isEmpty();
    }

    /** Whether statements about {@code name} belong to this run. */
    public boolean covers(String name) {
        return !limited() || roles.contains(name) || users.contains(name);
    }
}
