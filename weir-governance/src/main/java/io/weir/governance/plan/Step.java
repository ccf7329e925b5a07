package io.weir.governance.plan;

import static java.util.Objects.requireNonNull;

/**
 * One statement of a plan.
 *
 * @param action what it does
 * @param sql the statement, without a final semicolon
 * @param inPlace true when the warehouse already has what it says (it is printed, never run)
 * @param privileges how many privileges or memberships it grants or revokes (1 for a role or an owner)
 */
public record Step(Action action, String sql, boolean inPlace, int privileges) {
    /** The kinds of statement, in the order a plan runs them. */
    public enum Action {
        CREATE_ROLE,
        ALTER_ROLE,
        GRANT_MEMBERSHIP,
        ALTER_OWNER,
        GRANT,
        REVOKE,
        REVOKE_MEMBERSHIP
    }

    public Step {
        requireNonNull(action, "action is null");
        requireNonNull(sql, "sql is null");
    }

    public boolean revokes() {
        return action == Action.REVOKE || action == Action.REVOKE_MEMBERSHIP;
    }

    public boolean grants() {
        return action == Action.GRANT || action == Action.GRANT_MEMBERSHIP;
    }
}
