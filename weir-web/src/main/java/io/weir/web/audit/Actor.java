package io.weir.web.audit;

import static java.util.Objects.requireNonNull;

/**
 * Who acts and from where, as the audit log records it.
 *
 * @param origin {@code ui}, {@code api} or {@code cli}
 * @param address the client's address (UI, API) or the host name (CLI)
 */
public record Actor(String username, String origin, String address) {
    public Actor {
        requireNonNull(username, "username is null");
        requireNonNull(origin, "origin is null");
    }

    /** A CLI user: the operating-system account on this host. */
    public static Actor cli(String hostname) {
        String user = System.getProperty("user.name", "unknown");
        return new Actor(user, "cli", hostname);
    }
}
