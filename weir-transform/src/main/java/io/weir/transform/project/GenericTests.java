package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.Ref;
import io.weir.transform.jinja.SourceRef;
import io.weir.transform.jinja.StaticTemplate;
import io.weir.transform.yaml.YamlFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the generic tests of properties files into test nodes, named as dbt names them: {@code
 * <test>_<model>_<args>} with non-word characters as {@code _}, shortened with an md5 suffix when 64 characters or
 * longer, and unique ids {@code test.<package>.<name>.<10-character hash>}.
 */
final class GenericTests {
    private static final int MAX_NAME = 64;

    private GenericTests() {}

    /** What a test is attached to: a model, seed or snapshot by name, or a source table. */
    record Target(ResourceType type, String name, SourceTable source) {
        String testedName() {
            return source == null ? name : source.sourceName() + "_" + source.name();
        }

        String relationCall() {
            return source == null
                    ? "ref('" + name + "')"
                    : "source('" + source.sourceName() + "', '" + source.name() + "')";
        }
    }

    static NodeDraft build(
            TestDefinition definition,
            Target target,
            String projectName,
            String file,
            List<String> folders,
            FolderConfigs folderConfigs) {
        Parsed parsed = parse(definition.definition(), file, target);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (definition.columnName() != null) {
            kwargs.put("column_name", definition.columnName());
        }
        kwargs.putAll(parsed.arguments());
        String testType = (target.source() != null ? "source_" : "")
                + (parsed.namespace() == null ? "" : parsed.namespace() + "_")
                + parsed.testName();
        String name = parsed.customName() != null ? parsed.customName() : name(testType, target.testedName(), kwargs);
        kwargs.put("model", "{{ get_where_subquery(" + target.relationCall() + ") }}");
        List<String> fqn = new ArrayList<>();
        fqn.add(projectName);
        fqn.addAll(folders);
        fqn.add(name);
        String macro = (parsed.namespace() == null ? "" : parsed.namespace() + ".") + "test_" + parsed.testName();
        NodeDraft draft = new NodeDraft(
                ResourceType.TEST,
                "test." + projectName + "." + name + "." + hash(name + new TreeMap<>(kwargs)),
                name,
                file,
                name + ".sql",
                fqn,
                "{{ " + macro + "(**_dbt_generic_test_kwargs) }}");
        Map<String, Object> config = Configs.defaults(ResourceType.TEST);
        Configs.merge(config, folderConfigs.resolve(fqn));
        Configs.merge(config, parsed.config());
        if (config.get("severity") != null) {
            config.put("severity", config.get("severity").toString().toUpperCase(Locale.ROOT));
        }
        draft.config = config;
        draft.test = new TestSpec(parsed.testName(), parsed.namespace(), kwargs, definition.columnName());
        if (target.source() != null) {
            draft.sources.add(
                    new SourceRef(target.source().sourceName(), target.source().name()));
        } else {
            draft.refs.add(new Ref(null, target.name()));
            draft.testedNode = target.name();
        }
        addRelationArguments(parsed.arguments(), draft);
        return draft;
    }

    /** dbt's test name: the test type, the tested node and the flattened arguments. */
    static String name(String testType, String testedName, Map<String, Object> arguments) {
        List<String> flat = new ArrayList<>();
        new TreeMap<>(arguments).forEach((key, value) -> {
            if (!key.equals("model")) {
                flatten(value, flat);
            }
        });
        String identifier = testType + "_" + testedName;
        String suffix = String.join(
                "__",
                flat.stream()
                        .map(part -> part.replaceAll("[^0-9a-zA-Z_]+", "_"))
                        .toList());
        String full = suffix.isEmpty() ? identifier : identifier + "_" + suffix;
        if (full.length() < MAX_NAME) {
            return full;
        }
        return identifier.substring(0, Math.min(30, identifier.length())) + "_" + md5(full);
    }

    private static void flatten(Object value, List<String> flat) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> flat.add(python(item)));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> flat.add(python(item)));
        } else {
            flat.add(python(value));
        }
    }

    private static String python(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return value.toString();
    }

    private record Parsed(
            String testName,
            String namespace,
            String customName,
            Map<String, Object> arguments,
            Map<String, Object> config) {}

    private static Parsed parse(Object definition, String file, Target target) {
        String fullName;
        Map<String, Object> body;
        if (definition instanceof String text) {
            fullName = text;
            body = Map.of();
        } else if (definition instanceof Map<?, ?> map && map.containsKey("test_name")) {
            body = new LinkedHashMap<>(YamlFiles.map(map, file));
            fullName = String.valueOf(body.remove("test_name"));
        } else if (definition instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            fullName = String.valueOf(entry.getKey());
            body = YamlFiles.map(entry.getValue(), file + " test " + fullName + " on " + target.testedName());
        } else {
            throw new TransformException(file + ": the test " + definition + " on " + target.testedName()
                    + " is not a test name or a mapping of one test name to its arguments");
        }
        int dot = fullName.lastIndexOf('.');
        String namespace = dot < 0 ? null : fullName.substring(0, dot);
        String testName = dot < 0 ? fullName : fullName.substring(dot + 1);
        Map<String, Object> arguments = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        String customName = null;
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            String key = entry.getKey();
            if (key.equals("config")) {
                Configs.merge(config, YamlFiles.map(entry.getValue(), file + " test " + fullName + " config:"));
            } else if (key.equals("arguments")) {
                arguments.putAll(YamlFiles.map(entry.getValue(), file + " test " + fullName + " arguments:"));
            } else if (key.equals("name")) {
                customName = String.valueOf(entry.getValue());
            } else if (key.equals("description")) {
                continue;
            } else if (Configs.isTestConfig(key)) {
                Configs.merge(config, Map.of(key, entry.getValue()));
            } else {
                arguments.put(key, entry.getValue());
            }
        }
        return new Parsed(testName, namespace, customName, arguments, config);
    }

    private static void addRelationArguments(Map<String, Object> arguments, NodeDraft draft) {
        for (Object value : arguments.values()) {
            if (value instanceof String text) {
                StaticTemplate.relationCall(text).ifPresent(call -> {
                    if (call instanceof Ref ref) {
                        draft.refs.add(ref);
                    } else if (call instanceof SourceRef source) {
                        draft.sources.add(source);
                    }
                });
            }
        }
    }

    private static String hash(String text) {
        String md5 = md5(text);
        return md5.substring(md5.length() - 10);
    }

    static String md5(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
