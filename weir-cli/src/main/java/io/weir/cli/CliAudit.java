package io.weir.cli;

import io.weir.engine.Weir;
import io.weir.web.audit.Actor;
import io.weir.web.audit.AuditLog;

/** Records a CLI command's state change in the audit log, as the operating-system user on this host. */
public final class CliAudit {
    private CliAudit() {}

    /** {@code dagId}, {@code runId}, {@code taskId} and {@code extra} may be null. */
    public static void record(Weir weir, String event, String dagId, String runId, String taskId, String extra) {
        new AuditLog(weir.store(), weir.services().clock())
                .record(Actor.cli(weir.services().hostname()), event, dagId, runId, taskId, extra);
    }
}
