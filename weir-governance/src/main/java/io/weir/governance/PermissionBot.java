package io.weir.governance;

import io.weir.governance.catalog.CatalogState;
import io.weir.governance.catalog.PostgresCatalog;
import io.weir.governance.plan.Layout;
import io.weir.governance.plan.Plan;
import io.weir.governance.plan.Planner;
import io.weir.governance.plan.RunOptions;
import io.weir.governance.plan.Step;
import io.weir.governance.spec.PermissionSpec;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes a PostgreSQL warehouse's roles, memberships, owners and grants match a spec: reads the catalog, computes the
 * plan and runs its statements in one transaction, so a failing statement leaves the warehouse as it was.
 */
public final class PermissionBot {

    private PermissionBot() {}

    /**
     * The sentence that explains why a warehouse has no permissions to manage, or empty when it has (PostgreSQL).
     */
    public static Optional<String> unsupported(WarehouseTarget target) {
        if (target.type() == WarehouseType.POSTGRES) {
            return Optional.empty();
        }
        return Optional.of("The warehouse of " + target + " is the embedded DuckDB, which has no roles or grants, so"
                + " there are no permissions to apply; they apply to a PostgreSQL warehouse (warehouse.type: postgres"
                + " in weir.yaml, or WEIR_WAREHOUSE_PERMISSION_URL).");
    }

    /** The layout of a target's schemas: every schema but {@code public}, analytics named after its schema. */
    public static Layout layout(WarehouseTarget target) {
        return new Layout("", target.schema());
    }

    /** Reads, plans and (unless {@code options.dry()}) applies; {@code out} hears each line to print. */
    public static PermissionReport run(
            WarehouseSession session, PermissionSpec spec, Layout layout, RunOptions options, Consumer<String> out) {
        long start = System.nanoTime();
        CatalogState catalog = PostgresCatalog.read(session.connection(), layout.schemaPrefix());
        long read = System.nanoTime();
        Plan plan = Planner.plan(spec, catalog, layout, options);
        long planned = System.nanoTime();
        for (String note : plan.notes()) {
            out.accept("Not applied: " + note + ".");
        }
        for (Step step : plan.steps()) {
            if (options.dry() || options.diff() || !step.inPlace()) {
                out.accept((step.inPlace() ? "[in place] " : "[to run]   ") + step.sql() + ";");
            }
        }
        boolean applied = false;
        if (!options.dry() && !plan.changesNothing()) {
            execute(session, plan.toRun());
            applied = true;
        }
        long done = System.nanoTime();
        out.accept(summary(spec, plan, options, applied));
        return new PermissionReport(
                plan,
                applied,
                Duration.ofNanos(read - start),
                Duration.ofNanos(planned - read),
                Duration.ofNanos(applied ? done - planned : 0));
    }

    private static void execute(WarehouseSession session, List<Step> steps) {
        session.inTransaction(transaction -> {
            for (int i = 0; i < steps.size(); i++) {
                String sql = steps.get(i).sql();
                try {
                    transaction.execute(sql);
                } catch (WarehouseException e) {
                    throw new WarehouseException(
                            "Statement " + (i + 1) + " of " + steps.size() + " failed, so none was kept (the run is"
                                    + " one transaction): " + sql + ": " + e.getMessage()
                                    + "; check that the PERMISSION credentials may manage roles and own the objects",
                            e);
                }
            }
            return null;
        });
    }

    private static String summary(PermissionSpec spec, Plan plan, RunOptions options, boolean applied) {
        String counts = plan.rolesCreated() + " roles created, " + plan.granted() + " privileges granted, "
                + plan.revoked() + " revoked, " + plan.ownersChanged() + " owners changed; " + plan.unchanged()
                + " already in place";
        if (plan.changesNothing()) {
            return "Nothing to change: the warehouse matches " + spec.file().getFileName() + " (" + plan.unchanged()
                    + " privileges and memberships in place).";
        }
        if (!applied) {
            return "Dry run: " + plan.toRun().size() + " statements would run (" + counts + "); nothing was changed.";
        }
        return "Applied " + spec.file().getFileName() + ": " + plan.toRun().size() + " statements run (" + counts
                + ").";
    }
}
