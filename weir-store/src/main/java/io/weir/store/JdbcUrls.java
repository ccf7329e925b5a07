package io.weir.store;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reading JDBC URLs for people: what database they name, and the URL without its password. */
final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:[?&;])password=)[^&;]*");

    private JdbcUrls() {}

    static String redact(String url) {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }

    static String describe(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            String rest = url.substring("jdbc:postgresql:".length());
            rest = rest.startsWith("//") ? rest.substring(2) : rest;
            int query = rest.indexOf('?');
            String target = query < 0 ? rest : rest.substring(0, query);
            String schema = parameter(query < 0 ? "" : rest.substring(query + 1), "currentSchema");
            return "PostgreSQL " + target + (schema == null ? "" : " schema " + schema);
        }
        if (url.startsWith("jdbc:h2:")) {
            String rest = url.substring("jdbc:h2:".length());
            int options = rest.indexOf(';');
            String target = options < 0 ? rest : rest.substring(0, options);
            String lower = target.toLowerCase(Locale.ROOT);
            if (lower.startsWith("mem:")) {
                return "H2 in-memory " + target.substring(4);
            }
            if (lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
                return "H2 server " + target.substring(4).replaceFirst("^//", "");
            }
            return "H2 file " + (lower.startsWith("file:") ? target.substring(5) : target);
        }
        return redact(url);
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equalsIgnoreCase(name)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
    }
}
