package io.weir.governance.spec;

import io.weir.core.Suggestions;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a permission spec in permifrost's format. Every key permifrost reads is read; any mistake (an unknown key, a
 * value of the wrong kind, a role or database referenced but not declared, a bad wildcard) is collected with its
 * line, and all of them are thrown together.
 */
public final class SpecReader {
    static final Set<String> TOP_KEYS =
            Set.of("version", "require-owner", "databases", "roles", "users", "warehouses", "integrations");
    static final Set<String> DATABASE_KEYS = Set.of("shared", "owner");
    static final Set<String> ROLE_KEYS =
            Set.of("owner", "warehouses", "integrations", "member_of", "privileges", "owns");
    static final Set<String> USER_KEYS = Set.of("owner", "can_login", "member_of");
    static final Set<String> WAREHOUSE_KEYS = Set.of("owner", "size");
    static final Set<String> INTEGRATION_KEYS = Set.of("owner", "category");
    static final Set<String> LEVEL_KEYS = Set.of("databases", "schemas", "tables");
    static final Set<String> ACCESS_KEYS = Set.of("read", "write");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$-]*");
    private static final Pattern PART = Pattern.compile("[a-z0-9_$*-]+");

    private final Path file;
    private final List<SpecError> errors = new ArrayList<>();

    private SpecReader(Path file) {
        this.file = file;
    }

    /**
     * Reads and checks the spec in {@code file}.
     *
     * @throws SpecException naming every mistake with its line
     */
    public static PermissionSpec read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(List.of(new SpecError(
                    file, 1, 1, "No such permission spec; check the path (relative paths start at the project)")));
        } catch (IOException e) {
            throw new SpecException(List.of(new SpecError(file, 1, 1, "Cannot read the spec: " + e.getMessage())));
        }
        return parse(file, content);
    }

    /** Reads and checks a spec held in memory; {@code file} names it in messages. */
    public static PermissionSpec parse(Path file, byte[] content) {
        SpecReader reader = new SpecReader(file);
        PermissionSpec spec = reader.document(content);
        if (!reader.errors.isEmpty()) {
            List<SpecError> sorted = reader.errors.stream()
                    .sorted(Comparator.comparingInt(SpecError::line).thenComparingInt(SpecError::column))
                    .toList();
            throw new SpecException(sorted);
        }
        return spec;
    }

    private PermissionSpec document(byte[] content) {
        Node root = compose(content);
        if (root == null) {
            return null;
        }
        if (!(root instanceof MappingNode mapping)) {
            error(
                    root,
                    "A permission spec is a mapping of version, databases, roles, users and warehouses, not "
                            + describe(root));
            return null;
        }
        Map<String, NodeTuple> top = entries(mapping, TOP_KEYS, "the spec");
        boolean requireOwner = top.containsKey("require-owner") && bool(top.get("require-owner"), "the spec");
        if (top.containsKey("version")) {
            scalar(top.get("version").getValueNode(), "'version'");
        }
        SnowflakeNotes notes = new SnowflakeNotes();
        Map<String, DatabaseSpec> databases = new LinkedHashMap<>();
        for (Item item : items(top.get("databases"), "databases", DATABASE_KEYS)) {
            boolean shared = required(item, "shared") && bool(item.entries.get("shared"), item.label);
            owner(item, requireOwner, notes);
            if (shared) {
                notes.shared.add(item.name);
            }
            databases.put(item.name, new DatabaseSpec(item.name, shared, item.line()));
        }
        for (Item item : items(top.get("warehouses"), "warehouses", WAREHOUSE_KEYS)) {
            if (required(item, "size")) {
                scalar(item.entries.get("size").getValueNode(), "'size' of " + item.label);
            }
            owner(item, requireOwner, notes);
            notes.warehouses.add(item.name);
        }
        for (Item item : items(top.get("integrations"), "integrations", INTEGRATION_KEYS)) {
            if (required(item, "category")) {
                scalar(item.entries.get("category").getValueNode(), "'category' of " + item.label);
            }
            owner(item, requireOwner, notes);
            notes.integrations.add(item.name);
        }
        List<Item> roleItems = items(top.get("roles"), "roles", ROLE_KEYS);
        List<Item> userItems = items(top.get("users"), "users", USER_KEYS);
        Map<String, Item> roleNames = new LinkedHashMap<>();
        for (Item item : roleItems) {
            roleNames.put(item.name, item);
        }
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        for (Item item : roleItems) {
            owner(item, requireOwner, notes);
            List<String> memberOf = memberOf(item, roleNames, userItems, true);
            if (item.entries.containsKey("warehouses")) {
                if (!names(item.entries.get("warehouses").getValueNode(), "'warehouses' of " + item.label)
                        .isEmpty()) {
                    notes.roleWarehouses.add(item.name);
                }
            }
            if (item.entries.containsKey("integrations")) {
                if (!names(item.entries.get("integrations").getValueNode(), "'integrations' of " + item.label)
                        .isEmpty()) {
                    notes.roleIntegrations.add(item.name);
                }
            }
            List<PrivilegeRule> privileges = privileges(item, databases);
            List<OwnershipRule> owns = owns(item, databases);
            roles.put(item.name, new RoleSpec(item.name, false, false, memberOf, privileges, owns, item.line()));
        }
        for (Item item : userItems) {
            if (roles.containsKey(item.name)) {
                error(
                        item.keyNode,
                        item.label + " is also declared as a role (line "
                                + roles.get(item.name).line() + "); a name is either a role or a user");
                continue;
            }
            owner(item, requireOwner, notes);
            boolean canLogin = required(item, "can_login") && bool(item.entries.get("can_login"), item.label);
            List<String> memberOf = memberOf(item, roleNames, userItems, false);
            roles.put(item.name, new RoleSpec(item.name, true, canLogin, memberOf, List.of(), List.of(), item.line()));
        }
        return new PermissionSpec(file, databases, roles, notes.sentences());
    }

    private Node compose(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            errors.add(new SpecError(file, 1, 1, "The spec is not UTF-8 text; save it as UTF-8"));
            return null;
        }
        try {
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            if (root == null || isNull(root)) {
                errors.add(new SpecError(
                        file, 1, 1, "The spec is empty; it needs at least 'roles:' (see docs/permissions.md)"));
                return null;
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            error(mark, "The spec is not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
            return null;
        } catch (YAMLException e) {
            errors.add(new SpecError(file, 1, 1, "The spec is not valid YAML: " + e.getMessage()));
            return null;
        }
    }

    /** One {@code - name: {...}} entry of a top-level list. */
    private record Item(String name, Node keyNode, Map<String, NodeTuple> entries, String label) {
        int line() {
            return keyNode.getStartMark().getLine() + 1;
        }
    }

    private List<Item> items(NodeTuple tuple, String section, Set<String> keys) {
        List<Item> items = new ArrayList<>();
        if (tuple == null || isNull(tuple.getValueNode())) {
            return items;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
            error(
                    tuple.getValueNode(),
                    "'" + section + "' is a list of '- name: {...}' entries, not " + describe(tuple.getValueNode()));
            return items;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        String singular = section.substring(0, section.length() - 1);
        for (Node entry : sequence.getValue()) {
            if (!(entry instanceof MappingNode mapping) || mapping.getValue().size() != 1) {
                error(entry, "Each entry of '" + section + "' is one '- name: {...}' mapping, not " + describe(entry));
                continue;
            }
            NodeTuple only = mapping.getValue().get(0);
            String name = name(only.getKeyNode(), "A " + singular + " name");
            if (name == null) {
                continue;
            }
            String label = singular + " '" + name + "'";
            Node previous = seen.putIfAbsent(name, only.getKeyNode());
            if (previous != null) {
                error(
                        only.getKeyNode(),
                        label + " is declared twice (first at line "
                                + (previous.getStartMark().getLine() + 1) + "); merge the two");
                continue;
            }
            Node value = only.getValueNode();
            Map<String, NodeTuple> entries;
            if (isNull(value)) {
                entries = Map.of();
            } else if (value instanceof MappingNode body) {
                entries = entries(body, keys, label);
            } else {
                error(
                        value,
                        label + " must be a mapping of its settings (" + String.join(", ", new TreeSet<>(keys))
                                + "), not " + describe(value));
                continue;
            }
            items.add(new Item(name, only.getKeyNode(), entries, label));
        }
        return items;
    }

    private Map<String, NodeTuple> entries(MappingNode mapping, Set<String> allowed, String where) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode scalar) || isNull(scalar)) {
                error(
                        tuple.getKeyNode(),
                        "A key in " + where + " is " + describe(tuple.getKeyNode()) + "; use a plain name");
                continue;
            }
            String key = scalar.getValue();
            if (!allowed.contains(key)) {
                error(
                        scalar,
                        "Unknown key '" + key + "' in " + where
                                + Suggestions.hint(
                                        key, allowed, "allowed keys: " + String.join(", ", new TreeSet<>(allowed))));
                continue;
            }
            NodeTuple previous = entries.putIfAbsent(key, tuple);
            if (previous != null) {
                error(
                        scalar,
                        "'" + key + "' appears twice in " + where + " (first at line "
                                + (previous.getKeyNode().getStartMark().getLine() + 1) + "); keep one");
            }
        }
        return entries;
    }

    private boolean required(Item item, String key) {
        if (item.entries.containsKey(key) && !isNull(item.entries.get(key).getValueNode())) {
            return true;
        }
        error(
                item.keyNode,
                item.label + " has no '" + key + "', which permifrost requires; add '" + key + ": "
                        + (key.equals("size") ? "x-small" : key.equals("category") ? "storage" : "no") + "'");
        return false;
    }

    private void owner(Item item, boolean requireOwner, SnowflakeNotes notes) {
        NodeTuple owner = item.entries.get("owner");
        if (owner != null && scalar(owner.getValueNode(), "'owner' of " + item.label) != null) {
            notes.owners.add(item.label);
        } else if (requireOwner) {
            error(
                    item.keyNode,
                    item.label + " has no 'owner' but the spec sets 'require-owner: true'; add" + " 'owner: <role>'");
        }
    }

    private List<String> memberOf(
            Item item, Map<String, Item> roleNames, List<Item> userItems, boolean allowIncludeExclude) {
        NodeTuple tuple = item.entries.get("member_of");
        if (tuple == null || isNull(tuple.getValueNode())) {
            return List.of();
        }
        String where = "'member_of' of " + item.label;
        Node value = tuple.getValueNode();
        Set<String> members = new LinkedHashSet<>();
        if (value instanceof MappingNode mapping && allowIncludeExclude) {
            Map<String, NodeTuple> parts = entries(mapping, Set.of("include", "exclude"), where);
            if (!parts.containsKey("include")) {
                error(value, where + " has 'exclude' without 'include'; add 'include: [...]' (or '*' for all roles)");
                return List.of();
            }
            for (Named included : namedList(parts.get("include").getValueNode(), where + " include")) {
                if (included.name.equals("*")) {
                    roleNames.keySet().stream()
                            .filter(name -> !name.equals(item.name))
                            .forEach(members::add);
                } else if (checkRole(included, roleNames, userItems, item)) {
                    members.add(included.name);
                }
            }
            if (parts.containsKey("exclude")) {
                for (Named excluded : namedList(parts.get("exclude").getValueNode(), where + " exclude")) {
                    if (checkRole(excluded, roleNames, userItems, item)) {
                        members.remove(excluded.name);
                    }
                }
            }
            return List.copyOf(members);
        }
        if (!(value instanceof SequenceNode)) {
            error(
                    value,
                    where + " must be a list of role names"
                            + (allowIncludeExclude ? " or a mapping of include and exclude" : "") + ", not "
                            + describe(value));
            return List.of();
        }
        for (Named role : namedList(value, where)) {
            if (role.name.equals("*") && allowIncludeExclude) {
                error(role.node, where + " lists '*'; write 'member_of: {include: [\"*\"]}' for every role");
            } else if (checkRole(role, roleNames, userItems, item)) {
                members.add(role.name);
            }
        }
        return List.copyOf(members);
    }

    private boolean checkRole(Named role, Map<String, Item> roleNames, List<Item> userItems, Item member) {
        if (roleNames.containsKey(role.name)) {
            if (role.name.equals(member.name)) {
                error(role.node, member.label + " cannot be a member of itself; remove '" + role.name + "'");
                return false;
            }
            return true;
        }
        if (userItems.stream().anyMatch(user -> user.name.equals(role.name))) {
            error(
                    role.node,
                    "'member_of' of " + member.label + " names user '" + role.name
                            + "'; a user cannot have members, name a role");
            return false;
        }
        error(
                role.node,
                "'member_of' of " + member.label + " names role '" + role.name + "', which the spec does"
                        + " not declare"
                        + Suggestions.hint(role.name, roleNames.keySet(), "declare it under 'roles:'"));
        return false;
    }

    private List<PrivilegeRule> privileges(Item item, Map<String, DatabaseSpec> databases) {
        NodeTuple tuple = item.entries.get("privileges");
        List<PrivilegeRule> rules = new ArrayList<>();
        if (tuple == null || isNull(tuple.getValueNode())) {
            return rules;
        }
        String where = "'privileges' of " + item.label;
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            error(tuple.getValueNode(), where + " must be a mapping of databases, schemas and tables");
            return rules;
        }
        for (Map.Entry<String, NodeTuple> levelEntry :
                entries(mapping, LEVEL_KEYS, where).entrySet()) {
            Level level = Level.valueOf(levelEntry.getKey().toUpperCase(Locale.ROOT));
            Node levelValue = levelEntry.getValue().getValueNode();
            String levelWhere = where + " " + level.key();
            if (isNull(levelValue)) {
                continue;
            }
            if (!(levelValue instanceof MappingNode accessMapping)) {
                error(
                        levelValue,
                        levelWhere + " must be a mapping of read and write lists, not " + describe(levelValue));
                continue;
            }
            for (Map.Entry<String, NodeTuple> accessEntry :
                    entries(accessMapping, ACCESS_KEYS, levelWhere).entrySet()) {
                Access access = Access.valueOf(accessEntry.getKey().toUpperCase(Locale.ROOT));
                for (Named named : namedList(accessEntry.getValue().getValueNode(), levelWhere + " " + access.key())) {
                    ObjectPattern pattern = pattern(named, level, databases, item);
                    if (pattern != null) {
                        rules.add(new PrivilegeRule(level, access, pattern));
                    }
                }
            }
        }
        return rules;
    }

    private List<OwnershipRule> owns(Item item, Map<String, DatabaseSpec> databases) {
        NodeTuple tuple = item.entries.get("owns");
        List<OwnershipRule> rules = new ArrayList<>();
        if (tuple == null || isNull(tuple.getValueNode())) {
            return rules;
        }
        String where = "'owns' of " + item.label;
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            error(tuple.getValueNode(), where + " must be a mapping of databases, schemas and tables lists");
            return rules;
        }
        for (Map.Entry<String, NodeTuple> levelEntry :
                entries(mapping, LEVEL_KEYS, where).entrySet()) {
            Level level = Level.valueOf(levelEntry.getKey().toUpperCase(Locale.ROOT));
            for (Named named : namedList(levelEntry.getValue().getValueNode(), where + " " + level.key())) {
                ObjectPattern pattern = pattern(named, level, databases, item);
                if (pattern != null) {
                    rules.add(new OwnershipRule(level, pattern));
                }
            }
        }
        return rules;
    }

    /** Checks a name such as {@code raw.*.*} against its level: its parts, its wildcards, its declared database. */
    private ObjectPattern pattern(Named named, Level level, Map<String, DatabaseSpec> databases, Item item) {
        String text = named.name;
        String[] parts = text.split("\\.", -1);
        String example =
                switch (level) {
                    case DATABASES -> "raw";
                    case SCHEMAS -> "raw.tap_postgres or raw.*";
                    case TABLES -> "raw.tap_postgres.orders or raw.*.*";
                };
        if (parts.length != level.parts()) {
            error(
                    named.node,
                    "'" + text + "' in " + level.key() + " of " + item.label + " must have "
                            + level.parts() + (level.parts() == 1 ? " part" : " dot-separated parts") + ", such as "
                            + example);
            return null;
        }
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (!PART.matcher(part).matches() || part.contains("**")) {
                error(
                        named.node,
                        "'" + text + "' in " + level.key() + " of " + item.label + " has a bad part '" + part
                                + "'; use letters, digits, '_' and single '*' wildcards, such as " + example);
                return null;
            }
            if (i == 0 && part.contains("*")) {
                error(
                        named.node,
                        "'" + text + "' in " + level.key() + " of " + item.label
                                + " has a wildcard in its database; name the database, such as " + example);
                return null;
            }
        }
        if (!databases.containsKey(parts[0])) {
            error(
                    named.node,
                    "'" + text + "' in " + level.key() + " of " + item.label + " names database '"
                            + parts[0] + "', which the spec does not declare"
                            + Suggestions.hint(
                                    parts[0],
                                    databases.keySet(),
                                    "add '- " + parts[0] + ": {shared: no}' under 'databases:'"));
            return null;
        }
        int line = named.node.getStartMark().getLine() + 1;
        return new ObjectPattern(
                parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null, line);
    }

    private record Named(String name, Node node) {}

    private List<Named> namedList(Node value, String where) {
        List<Named> names = new ArrayList<>();
        if (isNull(value)) {
            return names;
        }
        if (!(value instanceof SequenceNode sequence)) {
            error(value, where + " must be a list of names, not " + describe(value));
            return names;
        }
        for (Node node : sequence.getValue()) {
            String text = scalar(node, where);
            if (text != null) {
                names.add(new Named(text.strip().toLowerCase(Locale.ROOT), node));
            }
        }
        return names;
    }

    private List<String> names(Node value, String where) {
        return namedList(value, where).stream().map(Named::name).toList();
    }

    private String name(Node node, String what) {
        String text = scalar(node, what);
        if (text == null) {
            return null;
        }
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            error(
                    node,
                    what + " '" + text + "' may only hold letters, digits, '_', '$' and '-', starting with a"
                            + " letter or '_'; rename it");
            return null;
        }
        return name;
    }

    private String scalar(Node node, String where) {
        if (node instanceof ScalarNode scalar && !isNull(scalar)) {
            return scalar.getValue();
        }
        error(node, where + " must be text, not " + describe(node));
        return null;
    }

    private boolean bool(NodeTuple tuple, String where) {
        Node node = tuple.getValueNode();
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return switch (scalar.getValue().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on", "y" -> true;
                default -> false;
            };
        }
        error(
                node,
                "'" + ((ScalarNode) tuple.getKeyNode()).getValue() + "' of " + where
                        + " must be yes or no (true or false), not " + describe(node));
        return false;
    }

    private static boolean isNull(Node node) {
        return node == null || node.getTag().equals(Tag.NULL);
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "empty";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private void error(Node node, String message) {
        error(node.getStartMark(), message);
    }

    private void error(Mark mark, String message) {
        errors.add(
                mark == null
                        ? new SpecError(file, 1, 1, message)
                        : new SpecError(file, mark.getLine() + 1, mark.getColumn() + 1, message));
    }
}
