package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

/** A database the spec declares; {@code shared} databases are a Snowflake feature. */
public record DatabaseSpec(String name, boolean shared, int line) {
    public DatabaseSpec {
        requireNonNull(name, "name is null");
    }
}
