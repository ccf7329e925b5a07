package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A role or a user of the spec. Users may log in ({@code can_login}) and have no privileges of their own; roles carry
 * the privileges and what they own.
 *
 * @param name the name, lower case (permifrost compares names without case)
 * @param user whether the spec lists it under {@code users}
 * @param canLogin whether it logs in; false for every role
 * @param memberOf the roles it is a member of, {@code include}/{@code exclude} already resolved
 * @param privileges what it may read and write
 * @param owns what it owns
 * @param line where the spec declares it
 */
public record RoleSpec(
        String name,
        boolean user,
        boolean canLogin,
        List<String> memberOf,
        List<PrivilegeRule> privileges,
        List<OwnershipRule> owns,
        int line) {

    public RoleSpec {
        requireNonNull(name, "name is null");
        memberOf = List.copyOf(memberOf);
        privileges = List.copyOf(privileges);
        owns = List.copyOf(owns);
    }

    /** "role 'x'" or "user 'x'", for messages. */
    public String label() {
        return (user ? "user '" : "role '") + name + "'";
    }
}
