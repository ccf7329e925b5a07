package io.weir.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One state-changing action: who did what, when, to which DAG, run or task, and from where.
 *
 * @param id assigned by the store; ignored when an entry is added
 * @param event what was done, as {@code trigger}, {@code clear}, {@code pause}, {@code variable.set}, {@code login}
 * @param origin {@code ui}, {@code api} or {@code cli}
 * @param address the client's address for the UI and API, the host name for the CLI
 * @param extra what else identifies the action (a JSON text or a short sentence), or null
 */
public record AuditRecord(
        long id,
        Instant when,
        String username,
        String event,
        String dagId,
        String runId,
        String taskId,
        String origin,
        String address,
        String extra) {

    public AuditRecord {
        requireNonNull(when, "when is null");
        requireNonNull(username, "username is null");
        requireNonNull(event, "event is null");
        requireNonNull(origin, "origin is null");
    }
}
