package io.weir.governance.task;

import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.governance.PermissionBot;
import io.weir.governance.snapshot.RolesSnapshot;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code permissions.snapshot}: appends the warehouse's roles, memberships and grants to {@code raw.snapshots}, with
 * the PERMISSION credentials. Its XCom holds the rows written per table.
 */
public final class PermissionsSnapshotTaskType implements TaskType {

    @Override
    public String name() {
        return "permissions.snapshot";
    }

    @Override
    public Set<String> parameterKeys() {
        return Set.of();
    }

    @Override
    public TaskResult execute(TaskContext context) {
        WarehouseTarget target = PermissionTasks.target(context);
        Optional<String> unsupported = PermissionBot.unsupported(target);
        if (unsupported.isPresent()) {
            context.log().info(unsupported.get());
            return TaskResult.success(Map.of("snapshot", false, "reason", unsupported.get()));
        }
        Map<String, Integer> counts;
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            counts = RolesSnapshot.take(session, PermissionBot.layout(target), Instant.now());
        }
        context.log()
                .info("Recorded " + counts + " rows in raw.snapshots (schema "
                        + RolesSnapshot.schema(PermissionBot.layout(target)) + ")");
        return TaskResult.success(new LinkedHashMap<>(counts));
    }
}
