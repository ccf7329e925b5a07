package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

/** One line of a role's {@code owns}: the role is to own what {@code pattern} names. */
public record OwnershipRule(Level level, ObjectPattern pattern) {
    public OwnershipRule {
        requireNonNull(level, "level is null");
        requireNonNull(pattern, "pattern is null");
    }
}
