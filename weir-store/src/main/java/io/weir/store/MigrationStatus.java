package io.weir.store;

/**
 * What {@code weir db check} reports.
 *
 * @param database the database, described for people (never with its password)
 * @param reachable whether a connection could be opened
 * @param currentVersion the schema version applied, or null when the database is empty or unreachable
 * @param latestVersion the newest schema version this Weir knows
 * @param pendingCount migrations this Weir would apply
 * @param problem why the database is unreachable or cannot be used, as a sentence; null when all is well
 */
public record MigrationStatus(
        String database,
        boolean reachable,
        String currentVersion,
        String latestVersion,
        int pendingCount,
        String problem) {

    /** Reachable, migrated and current: ready for Weir to use. */
    public boolean upToDate() {
        return reachable && problem == null && pendingCount == 0 && currentVersion != null;
    }
}
