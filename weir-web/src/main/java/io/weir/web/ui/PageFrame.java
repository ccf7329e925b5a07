package io.weir.web.ui;

import static java.util.Objects.requireNonNull;

import io.weir.store.UserRecord;
import io.weir.web.auth.Role;

/**
 * What every page's frame shows: its title, the signed-in user (null on the sign-in page) and the session's CSRF
 * token for the forms on it.
 */
public record PageFrame(String title, UserRecord user, String csrfToken) {
    public PageFrame {
        requireNonNull(title, "title is null");
        requireNonNull(csrfToken, "csrfToken is null");
    }

    /** Whether the signed-in user may open the Admin pages (the menu shows them only then). */
    public boolean admin() {
        return user != null && Role.parse(user.role()).canAdminister();
    }
}
