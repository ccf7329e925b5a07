package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.web.WebApp;
import io.weir.web.auth.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/users} (Admin only, as every {@code /admin} page): list, create, delete, change a role, reset a
 * password. Each change is an audit entry naming the user, never the password.
 */
final class UserPages {
    private UserPages() {}

    static void register(JavalinConfig config, WebApp app) {
        var routes = config.routes;
        routes.get("/admin/users", ctx -> users(ctx, app, null, noticeOf(ctx)));
        routes.post("/admin/users", ctx -> createUser(ctx, app));
        routes.post("/admin/users/delete", ctx -> deleteUser(ctx, app));
        routes.post("/admin/users/role", ctx -> setRole(ctx, app));
        routes.post("/admin/users/password", ctx -> resetPassword(ctx, app));
    }

    private static void users(Context ctx, WebApp app, String problem, String notice) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("users", app.accounts().list());
        parameters.put("roles", List.of(Role.values()));
        parameters.put("problem", problem);
        parameters.put("notice", notice);
        parameters.put("me", Pages.user(ctx, app).username());
        Pages.render(ctx, app, "admin_users.jte", "Users", parameters);
    }

    /** The sentence after a change, from the fixed choices the redirect names (never text from the address). */
    private static String noticeOf(Context ctx) {
        String username = ctx.queryParam("user");
        if (username == null) {
            return null;
        }
        return switch (String.valueOf(ctx.queryParam("changed"))) {
            case "role" -> "The role of " + username + " is changed.";
            case "password" -> "The password of " + username + " is reset.";
            default -> null;
        };
    }

    private static void createUser(Context ctx, WebApp app) {
        String username = Pages.text(ctx, "username");
        try {
            app.accounts()
                    .create(
                            username,
                            ctx.formParam("password"),
                            Role.parse(Pages.text(ctx, "role")),
                            Pages.text(ctx, "email"),
                            Pages.text(ctx, "first_name"),
                            Pages.text(ctx, "last_name"));
        } catch (WeirException e) {
            refuse(ctx, app, e.getMessage());
            return;
        }
        app.audit().record(Pages.actor(ctx, app), "user.create", null, null, null, "username=" + username);
        ctx.redirect("/admin/users");
    }

    private static void deleteUser(Context ctx, WebApp app) {
        String username = Pages.text(ctx, "username");
        if (username.equals(Pages.user(ctx, app).username())) {
            refuse(ctx, app, "You cannot delete the user you are signed in as.");
            return;
        }
        try {
            app.accounts().delete(username);
        } catch (WeirException e) {
            refuse(ctx, app, e.getMessage());
            return;
        }
        app.audit().record(Pages.actor(ctx, app), "user.delete", null, null, null, "username=" + username);
        ctx.redirect("/admin/users");
    }

    private static void setRole(Context ctx, WebApp app) {
        String username = Pages.text(ctx, "username");
        // An Admin demoting themself could leave nobody able to manage users.
        if (username.equals(Pages.user(ctx, app).username())) {
            refuse(ctx, app, "You cannot change the role of the user you are signed in as; another Admin can.");
            return;
        }
        String before;
        Role role;
        try {
            role = Role.parse(Pages.text(ctx, "role"));
            before = app.accounts()
                    .find(username)
                    .orElseThrow(() -> new WeirException(
                            ErrorCode.USER_INPUT, "No user " + username + "; the list shows who there is"))
                    .role();
            app.accounts().setRole(username, role);
        } catch (WeirException e) {
            refuse(ctx, app, e.getMessage());
            return;
        }
        app.audit()
                .record(
                        Pages.actor(ctx, app),
                        "user.role",
                        null,
                        null,
                        null,
                        "username=" + username + " role=" + role.displayName() + " was=" + before);
        ctx.redirect("/admin/users?changed=role&user=" + Pages.encode(username));
    }

    private static void resetPassword(Context ctx, WebApp app) {
        String username = Pages.text(ctx, "username");
        try {
            app.accounts().resetPassword(username, ctx.formParam("password"));
        } catch (WeirException e) {
            refuse(ctx, app, e.getMessage());
            return;
        }
        app.audit().record(Pages.actor(ctx, app), "user.reset-password", null, null, null, "username=" + username);
        ctx.redirect("/admin/users?changed=password&user=" + Pages.encode(username));
    }

    private static void refuse(Context ctx, WebApp app, String problem) {
        ctx.status(HttpStatus.BAD_REQUEST);
        users(ctx, app, problem, null);
    }
}
