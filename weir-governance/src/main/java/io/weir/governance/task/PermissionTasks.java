package io.weir.governance.task;

import io.weir.core.project.ProjectSettings;
import io.weir.core.task.TaskContext;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.util.HashMap;
import java.util.Map;

/** What both permission task types share: the PERMISSION target of the project, and stopping on a cancel. */
final class PermissionTasks {
    private PermissionTasks() {}

    static WarehouseTarget target(TaskContext context) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(context.environment());
        return WarehouseSettings.of(context.projectDir(), ProjectSettings.load(context.projectDir()), env)
                .target(Flavor.PERMISSION);
    }

    /** Cancels the session's statement when the try is cancelled; interrupt the returned thread when done. */
    static Thread cancelWatcher(TaskContext context, WarehouseSession session) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (!context.isCancelled()) {
                            Thread.sleep(200);
                        }
                        session.cancel();
                    } catch (InterruptedException done) {
                        Thread.currentThread().interrupt();
                    }
                },
                "weir-permissions-cancel-" + context.taskId());
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }
}
