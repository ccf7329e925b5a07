package io.weir.cli.permissions;

import io.weir.cli.Main;
import io.weir.core.project.ProjectSettings;
import io.weir.governance.PermissionBot;
import io.weir.governance.plan.RunOptions;
import io.weir.governance.snapshot.RolesSnapshot;
import io.weir.governance.spec.PermissionSpec;
import io.weir.governance.spec.SpecReader;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir permissions}: permifrost's commands on the project's warehouse, with the PERMISSION credentials. */
@Command(
        name = "permissions",
        description = "Check a permission spec (permifrost's format), make the warehouse's roles and grants match it,"
                + " or snapshot them into raw.snapshots.",
        subcommands = {
            PermissionsCommand.SpecTest.class,
            PermissionsCommand.RunSpec.class,
            PermissionsCommand.Snapshot.class
        })
public final class PermissionsCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    WarehouseTarget target() {
        Path projectDir = main.projectDir();
        return WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.PERMISSION);
    }

    /** The spec as given, else relative to the project. */
    PermissionSpec readSpec(String file) {
        Path path = Path.of(file);
        if (!path.isAbsolute() && !Files.exists(path)) {
            path = main.projectDir().resolve(file);
        }
        return SpecReader.read(path);
    }

    @Command(name = "spec-test", description = "Check a spec without touching the warehouse.")
    static final class SpecTest implements Callable<Integer> {
        @ParentCommand
        PermissionsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SPEC", description = "The spec file, such as roles.yml.")
        String file;

        @Override
        public Integer call() {
            PermissionSpec read = parent.readSpec(file);
            PrintWriter out = spec.commandLine().getOut();
            for (String note : read.snowflakeOnly()) {
                out.println("Not applied on PostgreSQL: " + note + ".");
            }
            out.println(read.file() + " is valid: " + read.databases().size() + " databases, "
                    + read.plainRoles().size() + " roles, " + read.users().size() + " users.");
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "run",
            description = "Create the spec's roles and grant and revoke what makes the warehouse match it;"
                    + " ownership is never revoked.")
    static final class RunSpec implements Callable<Integer> {
        @ParentCommand
        PermissionsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SPEC", description = "The spec file, such as roles.yml.")
        String file;

        @Option(names = "--dry", description = "Print every statement, to run or already in place; run none.")
        boolean dry;

        @Option(names = "--diff", description = "Also print the statements already in place.")
        boolean diff;

        @Option(names = "--role", paramLabel = "ROLE", description = "Only this role (repeatable: --role a --role b).")
        List<String> roles = List.of();

        @Option(names = "--user", paramLabel = "USER", description = "Only this user (repeatable).")
        List<String> users = List.of();

        @Option(names = "--ignore-memberships", description = "Neither grant nor revoke role memberships.")
        boolean ignoreMemberships;

        @Override
        public Integer call() {
            PermissionSpec read = parent.readSpec(file);
            PrintWriter out = spec.commandLine().getOut();
            WarehouseTarget target = parent.target();
            Optional<String> unsupported = PermissionBot.unsupported(target);
            if (unsupported.isPresent()) {
                out.println(unsupported.get());
                out.flush();
                return 0;
            }
            RunOptions options = new RunOptions(dry, diff, lower(roles), lower(users), ignoreMemberships);
            try (Warehouse warehouse = Warehouse.open(target);
                    WarehouseSession session = warehouse.session()) {
                PermissionBot.run(session, read, PermissionBot.layout(target), options, line -> {
                    out.println(line);
                    out.flush();
                });
            }
            return 0;
        }

        private static Set<String> lower(List<String> names) {
            return Set.copyOf(
                    names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList());
        }
    }

    @Command(
            name = "snapshot",
            description = "Append the warehouse's roles, memberships and grants to raw.snapshots, with _uploaded_at.")
    static final class Snapshot implements Callable<Integer> {
        @ParentCommand
        PermissionsCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            WarehouseTarget target = parent.target();
            Optional<String> unsupported = PermissionBot.unsupported(target);
            if (unsupported.isPresent()) {
                out.println(unsupported.get());
                out.flush();
                return 0;
            }
            Map<String, Integer> counts;
            try (Warehouse warehouse = Warehouse.open(target);
                    WarehouseSession session = warehouse.session()) {
                counts = RolesSnapshot.take(session, PermissionBot.layout(target), Instant.now());
            }
            String schema = RolesSnapshot.schema(PermissionBot.layout(target));
            counts.forEach((table, rows) ->
                    out.println("raw.snapshots." + table + ": " + rows + " rows (schema " + schema + ")"));
            out.flush();
            return 0;
        }
    }
}
