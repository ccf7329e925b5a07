package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

/**
 * A manifest's {@code connection_info}: the driver, and for each setting the NAME of the environment variable or
 * secret that holds it (null when the manifest leaves it out).
 */
public record ConnectionInfo(
        SourceDriver driver,
        String userVariable,
        String passwordVariable,
        String hostVariable,
        String databaseVariable,
        String portVariable) {
    public ConnectionInfo {
        requireNonNull(driver, "driver is null");
        requireNonNull(databaseVariable, "databaseVariable is null");
    }
}
