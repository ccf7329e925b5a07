package io.weir.governance.catalog;

import static java.util.Objects.requireNonNull;

/** One privilege of one grantee on one object; the grantee {@link #PUBLIC} is every role. */
public record Grant(String grantee, PgObject object, String privilege) {
    public static final String PUBLIC = "PUBLIC";

    public Grant {
        requireNonNull(grantee, "grantee is null");
        requireNonNull(object, "object is null");
        requireNonNull(privilege, "privilege is null");
    }
}
