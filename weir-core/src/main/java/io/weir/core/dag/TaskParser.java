package io.weir.core.dag;

import io.weir.core.Suggestions;
import io.weir.core.dag.YamlValues.Entry;
import io.weir.core.task.TaskType;
import io.weir.core.task.TaskTypeRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a DAG file's {@code default_args} and tasks into {@link TaskSpec}s, applying defaults. */
final class TaskParser {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    static final Set<String> COMMON_KEYS = Set.of(
            "trigger_rule",
            "retries",
            "retry_delay",
            "retry_exponential_backoff",
            "max_retry_delay",
            "execution_timeout",
            "depends_on_past",
            "wait_for_downstream",
            "priority_weight",
            "pool",
            "pool_slots",
            "secrets",
            "owner");
    static final Set<String> TASK_KEYS = union(COMMON_KEYS, Set.of("type", "after", "doc"));

    private static final Duration DEFAULT_RETRY_DELAY = Duration.ofMinutes(5);
    private static final List<String> TRIGGER_RULES =
            Arrays.stream(TriggerRule.values()).map(TriggerRule::label).toList();

    /** An upstream id as written, kept with its node so an unknown id can be pointed at. */
    record Upstream(String taskId, Node node) {}

    /** @param spec null when the task has errors */
    record ParsedTask(String taskId, Node keyNode, List<Upstream> upstream, TaskSpec spec) {}

    /** The common keys a task or default_args set; null means not set. */
    record Settings(
            TriggerRule triggerRule,
            Integer retries,
            Duration retryDelay,
            Boolean retryExponentialBackoff,
            Duration maxRetryDelay,
            Duration executionTimeout,
            Boolean dependsOnPast,
            Boolean waitForDownstream,
            Integer priorityWeight,
            String pool,
            Integer poolSlots,
            List<String> secrets,
            String owner) {

        static final Settings NONE =
                new Settings(null, null, null, null, null, null, null, null, null, null, null, null, null);

        Settings or(Settings defaults) {
            return new Settings(
                    first(triggerRule, defaults.triggerRule),
                    first(retries, defaults.retries),
                    first(retryDelay, defaults.retryDelay),
                    first(retryExponentialBackoff, defaults.retryExponentialBackoff),
                    first(maxRetryDelay, defaults.maxRetryDelay),
                    first(executionTimeout, defaults.executionTimeout),
                    first(dependsOnPast, defaults.dependsOnPast),
                    first(waitForDownstream, defaults.waitForDownstream),
                    first(priorityWeight, defaults.priorityWeight),
                    first(pool, defaults.pool),
                    first(poolSlots, defaults.poolSlots),
                    first(secrets, defaults.secrets),
                    first(owner, defaults.owner));
        }

        private static <T> T first(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

    private final TaskTypeRegistry types;
    private final YamlValues values;
    private final Problems problems;
    private final String dagLabel;
    private final Set<String> declaredSecrets;

    TaskParser(TaskTypeRegistry types, YamlValues values, Problems problems, String dagId, Set<String> secrets) {
        this.types = types;
        this.values = values;
        this.problems = problems;
        this.dagLabel = "DAG '" + dagId + "'";
        this.declaredSecrets = secrets;
    }

    Settings defaults(Entry defaultArgs) {
        MappingNode mapping = values.mapping(defaultArgs, dagLabel);
        if (mapping == null) {
            return Settings.NONE;
        }
        String where = "default_args of " + dagLabel;
        Map<String, Entry> entries = values.entries(mapping, where);
        values.rejectUnknown(entries, COMMON_KEYS, where);
        return settings(entries, where);
    }

    ParsedTask task(Entry entry, Settings defaults) {
        String taskId = entry.key();
        String where = "task '" + taskId + "'";
        int problemsBefore = problems.count();
        if (!ID.matcher(taskId).matches()) {
            problems.at(
                    entry.keyNode(),
                    "Task id '" + taskId + "' may only contain letters, digits, '_', '.' and '-'; rename it");
        }
        if (!(entry.value() instanceof MappingNode mapping)) {
            problems.at(
                    entry.value(),
                    "Task '" + taskId + "' must be a mapping of keys such as type and after, not "
                            + YamlValues.describe(entry.value()));
            return new ParsedTask(taskId, entry.keyNode(), List.of(), null);
        }
        Map<String, Entry> entries = values.entries(mapping, where);
        TaskType type = type(entries.get("type"), entry, where);
        if (type != null) {
            values.rejectUnknown(entries, union(TASK_KEYS, type.parameterKeys()), where + " of type " + type.name());
        } else if (!entries.containsKey("type")) {
            // Without a type, a misspelt 'type' key is the likely cause: name it rather than only the missing type.
            Set<String> anyTypeKeys = TASK_KEYS;
            for (String name : types.names()) {
                anyTypeKeys = union(anyTypeKeys, types.find(name).orElseThrow().parameterKeys());
            }
            values.rejectUnknown(entries, anyTypeKeys, where);
        }
        Settings settings = settings(entries, where).or(defaults);
        List<Upstream> upstream = upstream(entries.get("after"), where);
        if (entries.containsKey("doc")) {
            values.string(entries.get("doc"), where);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (type != null) {
            for (Entry parameter : entries.values()) {
                if (type.parameterKeys().contains(parameter.key())
                        && !TASK_KEYS.contains(parameter.key())
                        && !parameter.isNull()) {
                    params.put(parameter.key(), values.plain(parameter.value(), where));
                }
            }
            validate(type, params, entry);
        }
        if (type == null || problems.count() != problemsBefore) {
            return new ParsedTask(taskId, entry.keyNode(), upstream, null);
        }
        return new ParsedTask(taskId, entry.keyNode(), upstream, spec(taskId, type, upstream, settings, params, entry));
    }

    private static TaskSpec spec(
            String taskId,
            TaskType type,
            List<Upstream> upstream,
            Settings settings,
            Map<String, Object> params,
            Entry entry) {
        boolean waitForDownstream = Boolean.TRUE.equals(settings.waitForDownstream());
        return new TaskSpec(
                taskId,
                type.name(),
                upstream.stream().map(Upstream::taskId).distinct().toList(),
                settings.triggerRule() == null ? TriggerRule.ALL_SUCCESS : settings.triggerRule(),
                settings.retries() == null ? 0 : settings.retries(),
                settings.retryDelay() == null ? DEFAULT_RETRY_DELAY : settings.retryDelay(),
                Boolean.TRUE.equals(settings.retryExponentialBackoff()),
                settings.maxRetryDelay(),
                settings.executionTimeout(),
                // as in Airflow, waiting for the previous run's downstream implies depending on the past
                Boolean.TRUE.equals(settings.dependsOnPast()) || waitForDownstream,
                waitForDownstream,
                settings.priorityWeight() == null ? 1 : settings.priorityWeight(),
                settings.pool() == null ? TaskSpec.DEFAULT_POOL : settings.pool(),
                settings.poolSlots() == null ? 1 : settings.poolSlots(),
                settings.secrets() == null ? List.of() : settings.secrets(),
                settings.owner(),
                params,
                entry.keyNode().getStartMark().getLine() + 1);
    }

    private TaskType type(Entry typeEntry, Entry task, String where) {
        if (typeEntry == null || typeEntry.isNull()) {
            problems.at(
                    task.keyNode(), "Task '" + task.key() + "' has no type; add 'type:' with one of: " + knownTypes());
            return null;
        }
        String name = values.string(typeEntry, where);
        if (name == null) {
            return null;
        }
        TaskType type = types.find(name).orElse(null);
        if (type == null) {
            problems.at(
                    typeEntry.value(),
                    "Task '" + task.key() + "' has unknown type '" + name + "'"
                            + Suggestions.hint(name, types.names(), "known types: " + knownTypes()));
        }
        return type;
    }

    private String knownTypes() {
        return types.names().isEmpty() ? "none (no task types are installed)" : String.join(", ", types.names());
    }

    private void validate(TaskType type, Map<String, Object> params, Entry task) {
        List<String> messages;
        try {
            messages = type.validate(Map.copyOf(params));
        } catch (RuntimeException e) {
            messages = List.of("the '" + type.name() + "' type could not check it (" + e + ")");
        }
        for (String message : messages) {
            problems.at(task.keyNode(), "Task '" + task.key() + "': " + message);
        }
    }

    private Settings settings(Map<String, Entry> entries, String where) {
        return new Settings(
                triggerRule(entries.get("trigger_rule"), where),
                entries.containsKey("retries") ? values.integer(entries.get("retries"), where, 0) : null,
                entries.containsKey("retry_delay") ? values.duration(entries.get("retry_delay"), where) : null,
                flag(entries.get("retry_exponential_backoff"), where),
                entries.containsKey("max_retry_delay") ? values.duration(entries.get("max_retry_delay"), where) : null,
                executionTimeout(entries.get("execution_timeout"), where),
                flag(entries.get("depends_on_past"), where),
                flag(entries.get("wait_for_downstream"), where),
                entries.containsKey("priority_weight")
                        ? values.integer(entries.get("priority_weight"), where, Integer.MIN_VALUE)
                        : null,
                pool(entries.get("pool"), where),
                entries.containsKey("pool_slots") ? values.integer(entries.get("pool_slots"), where, 1) : null,
                secrets(entries.get("secrets"), where),
                owner(entries.get("owner"), where));
    }

    private Boolean flag(Entry entry, String where) {
        return entry == null ? null : values.bool(entry, where);
    }

    private Duration executionTimeout(Entry entry, String where) {
        Duration timeout = entry == null ? null : values.duration(entry, where);
        if (timeout != null && timeout.isZero()) {
            problems.at(
                    entry.value(),
                    "'execution_timeout' in " + where + " must be more than zero; remove it for no timeout");
            return null;
        }
        return timeout;
    }

    private TriggerRule triggerRule(Entry entry, String where) {
        String label = entry == null ? null : values.string(entry, where);
        if (label == null) {
            return null;
        }
        TriggerRule rule = TriggerRule.fromLabel(label.toLowerCase(Locale.ROOT));
        if (rule == null) {
            problems.at(
                    entry.value(),
                    "Trigger rule '" + label + "' of " + where + " is unknown"
                            + Suggestions.hint(
                                    label, TRIGGER_RULES, "use one of: " + String.join(", ", TRIGGER_RULES)));
        }
        return rule;
    }

    private String pool(Entry entry, String where) {
        String pool = entry == null ? null : values.string(entry, where);
        if (pool != null && pool.isBlank()) {
            problems.at(entry.value(), "'pool' in " + where + " is empty; name a pool or remove the key");
            return null;
        }
        return pool;
    }

    private String owner(Entry entry, String where) {
        String owner = entry == null ? null : values.string(entry, where);
        if (owner != null && owner.isBlank()) {
            problems.at(entry.value(), "'owner' in " + where + " is empty; name the owning team or remove the key");
            return null;
        }
        return owner;
    }

    private List<String> secrets(Entry entry, String where) {
        if (entry == null || entry.isNull()) {
            return null;
        }
        List<String> secrets = new ArrayList<>();
        for (ScalarNode name : values.names(entry, where)) {
            if (declaredSecrets.contains(name.getValue())) {
                secrets.add(name.getValue());
            } else {
                problems.at(
                        name,
                        "Secret '" + name.getValue() + "' of " + where + " is not declared by " + dagLabel
                                + Suggestions.hint(
                                        name.getValue(), declaredSecrets, "add it to the DAG's 'secrets:' list"));
            }
        }
        return List.copyOf(new LinkedHashSet<>(secrets));
    }

    private List<Upstream> upstream(Entry entry, String where) {
        if (entry == null) {
            return List.of();
        }
        return values.names(entry, where).stream()
                .map(node -> new Upstream(node.getValue(), node))
                .toList();
    }

    static Set<String> union(Set<String> left, Set<String> right) {
        Set<String> union = new TreeSet<>(left);
        union.addAll(right);
        return union;
    }
}
