package io.weir.cli.db;

import io.weir.cli.Dates;
import io.weir.cli.Main;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.engine.Weir;
import io.weir.store.CleanupResult;
import io.weir.store.MetadataStore;
import io.weir.store.MigrationStatus;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir db}: the metadata database's schema and retention. */
@Command(name = "db", description = "Create, upgrade, check and clean the metadata database.")
public final class DbCommand implements Runnable {
    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "init", description = "Create the metadata database's tables (or bring them up to date).")
    int init() {
        return migrate("Initialized");
    }

    @Command(name = "upgrade", description = "Apply the schema migrations this Weir has and the database lacks.")
    int upgrade() {
        return migrate("Upgraded");
    }

    @Command(
            name = "check",
            description = "Check that the metadata database is reachable and its schema is current; exit 1 if not.")
    int check() {
        try (Weir weir = main.open(false)) {
            MigrationStatus status = weir.store().check();
            if (status.problem() != null) {
                throw new WeirException(ErrorCode.METADATA_DB, status.problem());
            }
            if (status.currentVersion() == null) {
                throw new WeirException(
                        ErrorCode.METADATA_DB,
                        "The metadata database " + status.database() + " is empty; run `weir db init`.");
            }
            if (status.pendingCount() > 0) {
                throw new WeirException(
                        ErrorCode.METADATA_DB,
                        "The metadata database " + status.database() + " is at schema version "
                                + status.currentVersion() + " but this Weir needs " + status.latestVersion()
                                + "; run `weir db upgrade`.");
            }
            out().println("The metadata database " + status.database() + " is reachable and current (schema version "
                    + status.currentVersion() + ").");
            return 0;
        }
    }

    @Command(
            name = "clean",
            description = "Delete DAG runs with a logical date before a date, with their task instances and XComs.")
    int clean(
            @Option(
                            names = "--older-than",
                            required = true,
                            paramLabel = "DATE",
                            description =
                                    "Delete runs whose logical date is before this date (2024-01-01 or ISO-8601).")
                    String olderThan,
            @Option(names = "--dry-run", description = "Only count what would be deleted.") boolean dryRun,
            @Option(
                            names = {"-y", "--yes"},
                            description = "Do not ask for confirmation.")
                    boolean yes) {
        Instant before = Dates.parse(olderThan);
        try (Weir weir = main.open(true)) {
            MetadataStore store = weir.store();
            CleanupResult preview = store.clean(before, true);
            String what = describe(preview) + " with a logical date before " + Dates.format(before);
            if (dryRun) {
                out().println("Would delete " + what + ".");
                return 0;
            }
            if (preview.dagRuns() == 0) {
                out().println("Nothing to delete: no DAG runs with a logical date before " + Dates.format(before)
                        + ".");
                return 0;
            }
            if (!yes && !main.confirm("Delete " + what + " from " + store.describe() + "?")) {
                throw new WeirException(ErrorCode.USER_INPUT, "Cancelled; nothing was deleted.");
            }
            CleanupResult deleted = store.clean(before, false);
            out().println("Deleted " + describe(deleted) + " with a logical date before " + Dates.format(before) + ".");
            return 0;
        }
    }

    private int migrate(String verb) {
        try (Weir weir = main.open(false)) {
            MetadataStore store = weir.store();
            int applied = store.migrate();
            MigrationStatus status = store.check();
            if (applied == 0) {
                out().println("The metadata database " + status.database() + " is already current (schema version "
                        + status.currentVersion() + ").");
            } else {
                out().println(verb + " the metadata database " + status.database() + " to schema version "
                        + status.currentVersion() + " (" + applied + (applied == 1 ? " migration" : " migrations")
                        + " applied).");
            }
            return 0;
        }
    }

    private static String describe(CleanupResult result) {
        return count(result.dagRuns(), "DAG run") + ", " + count(result.taskInstances(), "task instance") + " and "
                + count(result.xcoms(), "XCom");
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
