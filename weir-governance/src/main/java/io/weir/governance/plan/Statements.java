package io.weir.governance.plan;

import io.weir.governance.catalog.Grant;
import io.weir.governance.catalog.ObjectKind;
import io.weir.governance.catalog.PgObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Writes a plan's privileges as few statements: per grantee and kind, the objects with the same privileges in one. */
final class Statements {
    static final List<String> ORDER = List.of(
            "CONNECT",
            "CREATE",
            "TEMPORARY",
            "USAGE",
            "SELECT",
            "INSERT",
            "UPDATE",
            "DELETE",
            "TRUNCATE",
            "REFERENCES",
            "TRIGGER",
            "MAINTAIN");
    private static final int OBJECTS_PER_STATEMENT = 500;

    private Statements() {}

    /** Groups privileges into few statements: per grantee and kind, objects with the same privileges together. */
    static void group(Step.Action action, Set<Grant> grants, boolean inPlace, List<Step> steps) {
        Map<String, Map<String, Map<PgObject, Set<String>>>> byGrantee = new TreeMap<>();
        for (Grant grant : grants) {
            String group = grant.object().kind()
                    + (grant.object().kind() == ObjectKind.DEFAULT_TABLES
                            ? "/" + grant.object().name()
                            : "");
            byGrantee
                    .computeIfAbsent(grant.grantee(), key -> new TreeMap<>())
                    .computeIfAbsent(group, key -> new TreeMap<>(OBJECT_ORDER))
                    .computeIfAbsent(grant.object(), key -> new TreeSet<>(PRIVILEGE_ORDER))
                    .add(grant.privilege());
        }
        byGrantee.forEach((grantee, groups) -> groups.forEach((group, objects) -> {
            Map<String, List<PgObject>> byPrivileges = new TreeMap<>();
            objects.forEach((object, privileges) -> byPrivileges
                    .computeIfAbsent(String.join(", ", privileges), key -> new ArrayList<>())
                    .add(object));
            byPrivileges.forEach((privileges, list) -> {
                int count = privileges.split(", ").length;
                for (int from = 0; from < list.size(); from += OBJECTS_PER_STATEMENT) {
                    List<PgObject> chunk = list.subList(from, Math.min(list.size(), from + OBJECTS_PER_STATEMENT));
                    steps.add(new Step(
                            action, statement(action, privileges, chunk, grantee), inPlace, count * chunk.size()));
                }
            });
        }));
    }

    private static final Comparator<PgObject> OBJECT_ORDER = Comparator.comparing(
                    (PgObject object) -> object.schema() == null ? "" : object.schema())
            .thenComparing(PgObject::name);

    private static final Comparator<String> PRIVILEGE_ORDER = Comparator.comparingInt(
                    (String privilege) -> ORDER.indexOf(privilege) < 0 ? ORDER.size() : ORDER.indexOf(privilege))
            .thenComparing(Comparator.naturalOrder());

    private static String statement(Step.Action action, String privileges, List<PgObject> objects, String grantee) {
        PgObject first = objects.get(0);
        boolean grant = action == Step.Action.GRANT;
        String to = (grant ? " TO " : " FROM ") + (grantee.equals(Grant.PUBLIC) ? "PUBLIC" : quote(grantee));
        String verb = grant ? "GRANT " : "REVOKE ";
        if (first.kind() == ObjectKind.DEFAULT_TABLES) {
            return "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(first.name()) + " IN SCHEMA "
                    + String.join(
                            ", ",
                            objects.stream()
                                    .map(object -> quote(object.schema()))
                                    .toList()) + " " + verb
                    + privileges + " ON TABLES" + to;
        }
        String kind =
                switch (first.kind()) {
                    case DATABASE -> "DATABASE";
                    case SCHEMA -> "SCHEMA";
                    default -> "TABLE";
                };
        return verb + privileges + " ON " + kind + " "
                + String.join(", ", objects.stream().map(Statements::render).toList()) + to;
    }

    static String render(PgObject object) {
        return switch (object.kind()) {
            case DATABASE, SCHEMA -> quote(object.name());
            case TABLE -> quote(object.schema()) + "." + quote(object.name());
            case DEFAULT_TABLES -> quote(object.schema());
        };
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
