package io.weir.transform.run;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import io.weir.transform.project.SourceTable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The selector methods ({@code tag:}, {@code path:}, ...) and how each matches a node or a source. */
enum SelectionMethod {
    FQN("fqn"),
    FILE("file"),
    PATH("path"),
    PACKAGE("package"),
    TAG("tag"),
    SOURCE("source"),
    RESOURCE_TYPE("resource_type"),
    TEST_TYPE("test_type"),
    TEST_NAME("test_name"),
    CONFIG("config.<key>");

    private final String syntax;

    SelectionMethod(String syntax) {
        this.syntax = syntax;
    }

    /** What a criterion's method and value match, as a test over the graph's vertices. */
    static Predicate<Candidate> matcher(SelectionCriterion criterion) {
        String method = criterion.method();
        String value = criterion.value();
        if (method.startsWith("config.") && method.length() > "config.".length()) {
            return configMatcher(method.substring("config.".length()), value);
        }
        return switch (named(criterion)) {
            case FQN -> fqnMatcher(value);
            case FILE -> fileMatcher(value);
            case PATH -> pathMatcher(value);
            case PACKAGE -> globMatcher(value, Candidate::packageName);
            case TAG -> tagMatcher(value);
            case SOURCE -> sourceMatcher(criterion);
            case RESOURCE_TYPE -> resourceTypeMatcher(criterion);
            case TEST_TYPE -> testTypeMatcher(criterion);
            case TEST_NAME -> testNameMatcher(value);
            case CONFIG -> throw unknownMethod(criterion);
        };
    }

    private static SelectionMethod named(SelectionCriterion criterion) {
        for (SelectionMethod method : values()) {
            if (method.syntax.equals(criterion.method())) {
                return method;
            }
        }
        throw unknownMethod(criterion);
    }

    private static TransformException unknownMethod(SelectionCriterion criterion) {
        String valid = Arrays.stream(values()).map(method -> method.syntax).collect(Collectors.joining(", "));
        return new TransformException("The selector '" + criterion.text() + "' uses the unknown method '"
                + criterion.method() + "'; valid methods are " + valid + ".");
    }

    /** Nodes only, as sources are selected with {@code source:}. */
    private static Predicate<Candidate> fqnMatcher(String value) {
        String[] selectorParts = value.split("\\.", -1);
        GlobPattern leaf = selectorParts.length == 1 && GlobPattern.hasWildcard(value) ? GlobPattern.of(value) : null;
        return candidate -> {
            List<String> fqn = candidate.fqn();
            if (candidate.source() != null || fqn.isEmpty()) {
                return false;
            }
            if (fqn.get(fqn.size() - 1).equals(value) || leaf != null && leaf.matches(candidate.name())) {
                return true;
            }
            return fqnPrefixMatches(fqn, selectorParts);
        };
    }

    /** Whether the selector's dotted parts match the start of the fqn; from the first wildcard on, as one glob. */
    private static boolean fqnPrefixMatches(List<String> fqn, String[] selectorParts) {
        String[] flat =
                fqn.stream().flatMap(part -> Arrays.stream(part.split("\\."))).toArray(String[]::new);
        if (flat.length < selectorParts.length) {
            return false;
        }
        for (int i = 0; i < selectorParts.length; i++) {
            if (GlobPattern.hasWildcard(selectorParts[i])) {
                String glob = String.join(".", Arrays.asList(selectorParts).subList(i, selectorParts.length));
                String rest = String.join(".", Arrays.asList(flat).subList(i, flat.length));
                return GlobPattern.of(glob).matches(rest);
            }
            if (!flat[i].equals(selectorParts[i])) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<Candidate> fileMatcher(String value) {
        GlobPattern glob = GlobPattern.of(value);
        return candidate -> {
            String path = candidate.originalFilePath();
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            int dot = fileName.lastIndexOf('.');
            return glob.matches(fileName) || dot > 0 && glob.matches(fileName.substring(0, dot));
        };
    }

    /** The file itself or any folder above it, relative to the project. */
    private static Predicate<Candidate> pathMatcher(String value) {
        String normalized = value.replace('\\', '/');
        while (normalized.startsWith("./")) {
            normalized = normalized.substring(2);
        }
        while (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        GlobPattern glob = GlobPattern.ofPath(normalized);
        return candidate -> {
            String path = candidate.originalFilePath();
            if (glob.matches(path)) {
                return true;
            }
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                if (glob.matches(path.substring(0, slash))) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<Candidate> globMatcher(String value, Function<Candidate, String> attribute) {
        GlobPattern glob = GlobPattern.of(value);
        return candidate -> glob.matches(attribute.apply(candidate));
    }

    private static Predicate<Candidate> tagMatcher(String value) {
        GlobPattern glob = GlobPattern.of(value);
        return candidate -> candidate.config().tags().stream().anyMatch(glob::matches);
    }

    private static Predicate<Candidate> sourceMatcher(SelectionCriterion criterion) {
        String[] parts = criterion.value().split("\\.", -1);
        if (parts.length > 3) {
            throw new TransformException("The selector '" + criterion.text() + "' has too many parts; write"
                    + " source:<source>, source:<source>.<table> or source:<package>.<source>.<table>.");
        }
        GlobPattern packageName = GlobPattern.of(parts.length == 3 ? parts[0] : "*");
        GlobPattern sourceName = GlobPattern.of(parts[parts.length == 3 ? 1 : 0]);
        GlobPattern tableName = GlobPattern.of(parts.length == 1 ? "*" : parts[parts.length - 1]);
        return candidate -> {
            SourceTable source = candidate.source();
            return source != null
                    && packageName.matches(source.packageName())
                    && sourceName.matches(source.sourceName())
                    && tableName.matches(source.name());
        };
    }

    private static Predicate<Candidate> resourceTypeMatcher(SelectionCriterion criterion) {
        ResourceType type = ResourceType.fromManifestName(criterion.value());
        if (type == null) {
            String valid = Arrays.stream(ResourceType.values())
                    .map(ResourceType::manifestName)
                    .collect(Collectors.joining(", "));
            throw new TransformException("The selector '" + criterion.text() + "' names the unknown resource type '"
                    + criterion.value() + "'; valid types are " + valid + ".");
        }
        return candidate -> candidate.resourceType() == type;
    }

    private static Predicate<Candidate> testTypeMatcher(SelectionCriterion criterion) {
        String value = criterion.value().toLowerCase(Locale.ROOT);
        boolean generic =
                switch (value) {
                    case "generic", "schema" -> true;
                    case "singular", "data" -> false;
                    default -> throw new TransformException("The selector '" + criterion.text()
                            + "' names the unknown test type '" + criterion.value()
                            + "'; valid test types are generic and singular.");
                };
        return candidate -> {
            Node node = candidate.node();
            return node != null && node.resourceType() == ResourceType.TEST && (node.test() != null) == generic;
        };
    }

    private static Predicate<Candidate> testNameMatcher(String value) {
        GlobPattern glob = GlobPattern.of(value);
        return candidate -> {
            Node node = candidate.node();
            return node != null
                    && node.test() != null
                    && glob.matches(node.test().name());
        };
    }

    /** A config value equals the selector's; a list value when one of its elements does. */
    private static Predicate<Candidate> configMatcher(String key, String value) {
        return candidate -> {
            Object configured = candidate.config().get(key);
            if (configured instanceof List<?> list) {
                return list.stream().anyMatch(element -> configValueMatches(element, value));
            }
            return configValueMatches(configured, value);
        };
    }

    private static boolean configValueMatches(Object configured, String value) {
        if (configured == null) {
            return false;
        }
        if (configured instanceof Boolean) {
            return configured.toString().equalsIgnoreCase(value);
        }
        return configured.toString().equals(value);
    }
}
