package io.weir.governance.task;

import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.governance.PermissionBot;
import io.weir.governance.PermissionReport;
import io.weir.governance.plan.RunOptions;
import io.weir.governance.spec.PermissionSpec;
import io.weir.governance.spec.SpecException;
import io.weir.governance.spec.SpecReader;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code permissions.apply}: makes the warehouse's roles and grants match a spec ({@code spec}, relative to the
 * project), or only prints the statements ({@code dry_run: true}), with the PERMISSION credentials. Its XCom holds the
 * counts of grants, revokes and unchanged privileges. On the embedded DuckDB warehouse, which has no roles, it says
 * so and succeeds.
 */
public final class PermissionsApplyTaskType implements TaskType {

    @Override
    public String name() {
        return "permissions.apply";
    }

    @Override
    public Set<String> parameterKeys() {
        return Set.of("spec", "dry_run");
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        if (!(params.get("spec") instanceof String spec) || spec.isBlank()) {
            problems.add(
                    "'spec' is required: the permission spec's path relative to the project, such as" + " 'roles.yml'");
        }
        Object dryRun = params.get("dry_run");
        if (dryRun != null
                && !(dryRun instanceof Boolean)
                && !(dryRun instanceof String text
                        && (text.contains("{{") || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")))) {
            problems.add("'dry_run' must be true or false, not '" + dryRun + "'");
        }
        return problems;
    }

    @Override
    public TaskResult execute(TaskContext context) {
        PermissionSpec spec;
        try {
            spec = SpecReader.read(
                    context.projectDir().resolve(String.valueOf(context.params().get("spec"))));
        } catch (SpecException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        WarehouseTarget target = PermissionTasks.target(context);
        Optional<String> unsupported = PermissionBot.unsupported(target);
        if (unsupported.isPresent()) {
            context.log().info(unsupported.get());
            return TaskResult.success(Map.of("applied", false, "reason", unsupported.get()));
        }
        Object dryRun = context.params().get("dry_run");
        boolean dry = dryRun instanceof Boolean b ? b : dryRun != null && Boolean.parseBoolean(dryRun.toString());
        PermissionReport report;
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            Thread watcher = PermissionTasks.cancelWatcher(context, session);
            try {
                report = PermissionBot.run(
                        session,
                        spec,
                        PermissionBot.layout(target),
                        RunOptions.DEFAULT.withDry(dry),
                        context.log()::info);
            } finally {
                watcher.interrupt();
            }
        }
        if (context.isCancelled()) {
            throw new TaskFailure("Cancelled", false);
        }
        return TaskResult.success(report.counts());
    }
}
