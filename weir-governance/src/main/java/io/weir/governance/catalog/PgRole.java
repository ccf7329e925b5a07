package io.weir.governance.catalog;

import static java.util.Objects.requireNonNull;

/** A role of the PostgreSQL cluster; a user is a role that can log in. */
public record PgRole(String name, boolean canLogin, boolean superuser) {
    public PgRole {
        requireNonNull(name, "name is null");
    }
}
