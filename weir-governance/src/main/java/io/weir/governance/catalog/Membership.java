package io.weir.governance.catalog;

import static java.util.Objects.requireNonNull;

/** {@code member} is a member of {@code role}: it has what {@code role} has. */
public record Membership(String member, String role) {
    public Membership {
        requireNonNull(member, "member is null");
        requireNonNull(role, "role is null");
    }
}
