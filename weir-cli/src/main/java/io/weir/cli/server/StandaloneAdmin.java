package io.weir.cli.server;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.web.WebApp;
import io.weir.web.audit.Actor;
import io.weir.web.auth.Role;
import io.weir.web.auth.UserAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Standalone's first admin, as Airflow's standalone makes it: on a first start with no users, an {@code admin} user
 * with a random password, kept in {@code .weir/standalone_admin_password.txt} readable by the owner only.
 */
final class StandaloneAdmin {
    static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "standalone_admin_password.txt";

    private StandaloneAdmin() {}

    /** Makes the admin if no user exists yet; returns the banner's login line. */
    static String ensure(WebApp app, Path weirDir) {
        Path file = weirDir.resolve(PASSWORD_FILE);
        if (!app.accounts().list().isEmpty()) {
            return Files.exists(file)
                    ? USERNAME + ", password in " + file
                    : "as a user of `weir users list` (`weir users create` adds one)";
        }
        String password = UserAccounts.randomPassword();
        writeOwnerOnly(file, password + "\n");
        app.accounts().create(USERNAME, password, Role.ADMIN, "admin@localhost", "Admin", "User");
        app.audit()
                .record(
                        Actor.cli(app.weir().services().hostname()),
                        "user.create",
                        null,
                        null,
                        null,
                        "username=admin role=Admin (standalone's first start)");
        return USERNAME + " / " + password + " (first start; kept in " + file + ")";
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(Set.of(
                                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION, "Cannot write the admin password to " + file + ": " + e.getMessage(), e);
        }
    }
}
