package io.weir.web.ui;

import io.weir.store.UserRecord;

/** The frame every page shares: title, navigation, the signed-in user and the sign-out form. */
final class Pages {
    private Pages() {}

    static String layout(String title, UserRecord user, String csrfToken, String body) {
        StringBuilder html = new StringBuilder(body.length() + 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title))
                .append(" - Weir</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:0;color:#1d2733}")
                .append("header{background:#12324a;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;"
                        + "align-items:center}header a{color:#fff}main{padding:1rem}")
                .append("table{border-collapse:collapse}td,th{border-bottom:1px solid #dde3e8;padding:.3rem .6rem;"
                        + "text-align:left}.problem{color:#a11}label{display:block;margin:.5rem 0}")
                .append("</style></head><body><header><strong>Weir</strong>");
        if (user != null) {
            html.append("<a href=\"/\">DAGs</a><span style=\"margin-left:auto\" id=\"signed-in-user\">")
                    .append(Html.escape(user.username()))
                    .append(" (")
                    .append(Html.escape(user.role()))
                    .append(")</span><form method=\"post\" action=\"/logout\" style=\"margin:0\">"
                            + "<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"")
                    .append(Html.escape(csrfToken))
                    .append("\"><button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        }
        html.append("</header><main>").append(body).append("</main></body></html>");
        return html.toString();
    }
}
