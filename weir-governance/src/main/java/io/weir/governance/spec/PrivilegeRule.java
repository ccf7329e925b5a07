package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

/** One line of a role's {@code privileges}: {@code tables: {read: [raw.*.*]}} gives one rule per name. */
public record PrivilegeRule(Level level, Access access, ObjectPattern pattern) {
    public PrivilegeRule {
        requireNonNull(level, "level is null");
        requireNonNull(access, "access is null");
        requireNonNull(pattern, "pattern is null");
    }
}
