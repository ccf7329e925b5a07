package io.weir.web.auth;

import io.javalin.security.RouteRole;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Airflow's roles: Viewer reads, User and Op also operate DAGs, Admin also manages users and variables. */
public enum Role implements RouteRole {
    ADMIN("Admin"),
    OP("Op"),
    USER("User"),
    VIEWER("Viewer");

    private final String displayName;

    Role(String displayName) {
        this.displayName = displayName;
    }

    /** The name as Airflow writes it and as it is stored: Admin, Op, User, Viewer. */
    public String displayName() {
        return displayName;
    }

    /** Trigger, clear, mark, pause, backfill. */
    public boolean canOperate() {
        return switch (this) {
            case ADMIN, OP, USER -> true;
            case VIEWER -> false;
        };
    }

    /** Users, variables and pools. */
    public boolean canAdminister() {
        return switch (this) {
            case ADMIN -> true;
            case OP, USER, VIEWER -> false;
        };
    }

    /** The role a name means, in any case; a clear error listing the four otherwise. */
    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.displayName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return role;
            }
        }
        throw new WeirException(
                ErrorCode.USER_INPUT,
                "Unknown role '" + name + "'; use one of "
                        + Arrays.stream(values()).map(Role::displayName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return displayName.toLowerCase(Locale.ROOT);
    }
}
