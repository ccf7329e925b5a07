package io.weir.cli.users;

import io.weir.cli.Main;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.engine.Weir;
import io.weir.store.UserRecord;
import io.weir.web.audit.Actor;
import io.weir.web.audit.AuditLog;
import io.weir.web.auth.Role;
import io.weir.web.auth.UserAccounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir users}: the users of the web UI and REST API, with Airflow's flags. */
@Command(name = "users", description = "Create, list, delete users of the web UI and API, and reset their passwords.")
public final class UsersCommand implements Runnable {
    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "create", description = "Create a user; the password comes from --password, or from stdin.")
    int create(
            @Option(
                            names = {"-u", "--username"},
                            required = true,
                            description = "The user's name.")
                    String username,
            @Option(
                            names = {"-r", "--role"},
                            required = true,
                            description = "Admin, Op, User or Viewer.")
                    String role,
            @Option(
                            names = {"-e", "--email"},
                            required = true,
                            description = "The user's e-mail address.")
                    String email,
            @Option(
                            names = {"-f", "--firstname"},
                            required = true,
                            description = "The user's first name.")
                    String firstName,
            @Option(
                            names = {"-l", "--lastname"},
                            required = true,
                            description = "The user's last name.")
                    String lastName,
            @Option(
                            names = {"-p", "--password"},
                            description =
                                    "The password (default: read a line from stdin; also with --use-random-password).")
                    String password,
            @Option(names = "--use-random-password", description = "Make a random password and print it.")
                    boolean randomPassword) {
        Role parsedRole = Role.parse(role);
        String chosen = chosenPassword(password, randomPassword);
        try (Weir weir = main.open(true)) {
            accounts(weir).create(username, chosen, parsedRole, email, firstName, lastName);
            audit(weir)
                    .record(
                            actor(weir),
                            "user.create",
                            null,
                            null,
                            null,
                            "username=" + username + " role=" + parsedRole.displayName());
            out().println("User " + username + " created with role " + parsedRole.displayName() + "."
                    + (randomPassword ? " Password: " + chosen : ""));
            return 0;
        }
    }

    @Command(name = "list", description = "List the users and their roles.")
    int list(@Mixin OutputOption output) {
        try (Weir weir = main.open(true)) {
            Rows.Builder rows = Rows.builder("username", "email", "first_name", "last_name", "role", "last_login");
            for (UserRecord user : accounts(weir).list()) {
                rows.add(
                        user.username(),
                        user.email(),
                        user.firstName(),
                        user.lastName(),
                        user.role(),
                        user.lastLogin());
            }
            OutputRenderer.render(output.format(), rows.build(), out());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a user.")
    int delete(
            @Option(
                            names = {"-u", "--username"},
                            required = true,
                            description = "The user's name.")
                    String username) {
        try (Weir weir = main.open(true)) {
            accounts(weir).delete(username);
            audit(weir).record(actor(weir), "user.delete", null, null, null, "username=" + username);
            out().println("User " + username + " deleted.");
            return 0;
        }
    }

    @Command(name = "reset-password", description = "Set a user's password; from --password, or from stdin.")
    int resetPassword(
            @Option(
                            names = {"-u", "--username"},
                            required = true,
                            description = "The user's name.")
                    String username,
            @Option(
                            names = {"-p", "--password"},
                            description = "The new password (default: read a line from stdin).")
                    String password,
            @Option(names = "--use-random-password", description = "Make a random password and print it.")
                    boolean randomPassword) {
        String chosen = chosenPassword(password, randomPassword);
        try (Weir weir = main.open(true)) {
            accounts(weir).resetPassword(username, chosen);
            audit(weir).record(actor(weir), "user.reset-password", null, null, null, "username=" + username);
            out().println("Password of user " + username + " changed."
                    + (randomPassword ? " Password: " + chosen : ""));
            return 0;
        }
    }

    /** A random password, the one given, or a line read from stdin, in that order. */
    private String chosenPassword(String given, boolean random) {
        return random ? UserAccounts.randomPassword() : given != null ? given : readPassword();
    }

    private static UserAccounts accounts(Weir weir) {
        return new UserAccounts(weir.store(), weir.services().clock());
    }

    private String readPassword() {
        try {
            String line = new BufferedReader(new InputStreamReader(main.input(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "No password given; pass --password, --use-random-password or a line on stdin");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditLog audit(Weir weir) {
        return new AuditLog(weir.store(), weir.services().clock());
    }

    private static Actor actor(Weir weir) {
        return Actor.cli(weir.services().hostname());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
