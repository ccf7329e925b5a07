package io.weir.web.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.weir.store.UserRecord;
import io.weir.web.audit.Actor;
import io.weir.web.auth.Role;

/** What a route needs of the signed-in user: to read, to operate DAGs, or to administer. */
public enum Access {
    READ,
    OPERATE,
    ADMINISTER;

    /** Where the API's before-handler puts the signed-in user. */
    public static final String USER_ATTRIBUTE = "weir.user";

    /** {@code handler}, run only when the signed-in user's role allows this access; a 403 problem otherwise. */
    public Handler guard(Handler handler) {
        return ctx -> {
            UserRecord user = ctx.attribute(USER_ATTRIBUTE);
            if (user == null) {
                throw new ApiProblem(401, "Unauthenticated", "Unauthorized", "Sign in or send HTTP basic credentials");
            }
            Role role = Role.parse(user.role());
            boolean allowed =
                    switch (this) {
                        case READ -> true;
                        case OPERATE -> role.canOperate();
                        case ADMINISTER -> role.canAdminister();
                    };
            if (!allowed) {
                throw new ApiProblem(
                        403,
                        "PermissionDenied",
                        "Forbidden",
                        "User " + user.username() + " has role " + role.displayName() + ", which may not "
                                + (this == ADMINISTER
                                        ? "administer users, variables or pools"
                                        : "change DAGs or runs"));
            }
            handler.handle(ctx);
        };
    }

    /** The signed-in user of an API request, as the audit log names it. */
    public static Actor actor(Context ctx) {
        UserRecord user = ctx.attribute(USER_ATTRIBUTE);
        return new Actor(user == null ? "anonymous" : user.username(), "api", ctx.ip());
    }
}
