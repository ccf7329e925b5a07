package io.weir.core.dag;

import io.weir.core.Suggestions;
import io.weir.core.dag.TaskParser.ParsedTask;
import io.weir.core.dag.TaskParser.Settings;
import io.weir.core.dag.TaskParser.Upstream;
import io.weir.core.dag.YamlValues.Entry;
import io.weir.core.schedule.Timetable;
import io.weir.core.schedule.Timetables;
import io.weir.core.task.ProjectFiles;
import io.weir.core.task.TaskTypeRegistry;
import io.weir.core.time.Dates;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the top-level mapping of one DAG file into a {@link Dag}, recording every problem on the way. */
final class DagDocument {
    static final Set<String> DAG_KEYS = Set.of(
            "dag_id",
            "description",
            "schedule",
            "schedule_interval",
            "start_date",
            "end_date",
            "catchup",
            "max_active_runs",
            "max_active_tasks",
            "timezone",
            "tags",
            "secrets",
            "params",
            "default_args",
            "tasks",
            "doc");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int DEFAULT_MAX_ACTIVE = 16;
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final TaskTypeRegistry types;
    private final ProjectFiles files;
    private final Path file;
    private final Problems problems;
    private final YamlValues values;
    private Mark dagIdMark;
    private String label;

    DagDocument(TaskTypeRegistry types, Path file, Problems problems, ProjectFiles files) {
        this.types = types;
        this.files = files;
        this.file = file;
        this.problems = problems;
        this.values = new YamlValues(problems);
    }

    /** Where the dag_id is written; null when it comes from the file name. */
    Mark dagIdMark() {
        return dagIdMark;
    }

    /** The DAG, or null when the file has problems. */
    Dag read(MappingNode root, Supplier<String> fingerprint) {
        Map<String, Entry> entries = values.entries(root, "the DAG file");
        values.rejectUnknown(entries, DAG_KEYS, "the DAG file");
        String dagId = dagId(entries.get("dag_id"));
        label = "DAG '" + dagId + "'";
        ZoneId zone = timezone(entries.get("timezone"));
        Entry scheduleEntry = scheduleEntry(entries);
        Timetable timetable = timetable(scheduleEntry, zone);
        Instant startDate = date(entries.get("start_date"), zone);
        Instant endDate = date(entries.get("end_date"), zone);
        if (timetable != null && startDate == null && isUnset(entries.get("start_date"))) {
            problems.at(
                    scheduleEntry.keyNode(),
                    label + " has a schedule but no start_date; add 'start_date: 2024-01-01' (the first data"
                            + " interval starts there)");
        }
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            problems.at(entries.get("end_date").value(), "end_date of " + label + " is before its start_date; fix one");
        }
        Boolean catchup = bool(entries.get("catchup"));
        Integer maxActiveRuns = integer(entries.get("max_active_runs"), 1);
        Integer maxActiveTasks = integer(entries.get("max_active_tasks"), 1);
        String description =
                entries.containsKey("description") ? values.string(entries.get("description"), label) : null;
        if (entries.containsKey("doc")) {
            values.string(entries.get("doc"), label);
        }
        List<String> tags = entries.containsKey("tags")
                ? values.names(entries.get("tags"), label).stream()
                        .map(ScalarNode::getValue)
                        .toList()
                : List.of();
        Set<String> secrets = secrets(entries.get("secrets"));
        Map<String, Object> params = params(entries.get("params"));
        TaskParser taskParser = new TaskParser(types, values, problems, dagId, secrets);
        Settings defaults =
                entries.containsKey("default_args") ? taskParser.defaults(entries.get("default_args")) : Settings.NONE;
        Map<String, TaskSpec> tasks = tasks(entries.get("tasks"), root, taskParser, defaults);
        if (!problems.isEmpty()) {
            return null;
        }
        return new Dag(
                dagId,
                file,
                description,
                timetable,
                startDate,
                endDate,
                catchup == null || catchup,
                maxActiveRuns == null ? DEFAULT_MAX_ACTIVE : maxActiveRuns,
                maxActiveTasks == null ? DEFAULT_MAX_ACTIVE : maxActiveTasks,
                zone,
                tags,
                secrets,
                params,
                tasks,
                fingerprint.get());
    }

    private String dagId(Entry entry) {
        String dagId = entry == null ? null : values.string(entry, "the DAG file");
        if (dagId != null) {
            dagIdMark = entry.value().getStartMark();
            if (!TaskParser.ID.matcher(dagId).matches()) {
                problems.at(
                        entry.value(),
                        "dag_id '" + dagId + "' may only contain letters, digits, '_', '.' and '-'; rename it");
            }
            return dagId;
        }
        String name = file.getFileName().toString();
        String fromName = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (!TaskParser.ID.matcher(fromName).matches()) {
            problems.at(
                    1,
                    1,
                    "The file name gives the dag_id '" + fromName + "', which may only contain letters, digits,"
                            + " '_', '.' and '-'; rename the file or set dag_id");
        }
        return fromName;
    }

    private ZoneId timezone(Entry entry) {
        String name = entry == null ? null : values.string(entry, label);
        if (name == null) {
            return UTC;
        }
        try {
            return ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            problems.at(
                    entry.value(),
                    "Timezone '" + name + "' of " + label
                            + " is unknown; use an IANA name such as UTC, Europe/Amsterdam or America/New_York");
            return UTC;
        }
    }

    private Entry scheduleEntry(Map<String, Entry> entries) {
        Entry schedule = entries.get("schedule");
        Entry alias = entries.get("schedule_interval");
        if (schedule != null && alias != null) {
            problems.at(alias.keyNode(), label + " sets both 'schedule' and 'schedule_interval'; keep only 'schedule'");
        }
        return schedule != null ? schedule : alias;
    }

    private Timetable timetable(Entry entry, ZoneId zone) {
        String expression = entry == null ? null : values.string(entry, label);
        try {
            return Timetables.parse(expression, zone);
        } catch (IllegalArgumentException e) {
            problems.at(entry.value(), e.getMessage());
            return null;
        }
    }

    private Instant date(Entry entry, ZoneId zone) {
        String text = entry == null ? null : values.string(entry, label);
        if (text == null) {
            return null;
        }
        try {
            return Dates.parse(text, zone);
        } catch (IllegalArgumentException e) {
            problems.at(entry.value(), "'" + entry.key() + "' of " + label + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean isUnset(Entry entry) {
        return entry == null || entry.isNull();
    }

    private Boolean bool(Entry entry) {
        return entry == null ? null : values.bool(entry, label);
    }

    private Integer integer(Entry entry, int minimum) {
        return entry == null ? null : values.integer(entry, label, minimum);
    }

    private Set<String> secrets(Entry entry) {
        Set<String> secrets = new LinkedHashSet<>();
        if (entry == null) {
            return secrets;
        }
        for (ScalarNode name : values.names(entry, label)) {
            if (!SECRET_NAME.matcher(name.getValue()).matches()) {
                problems.at(
                        name,
                        "Secret '" + name.getValue() + "' of " + label + " is not a valid environment variable"
                                + " name; use letters, digits and '_' (tasks receive secrets as variables)");
            } else if (!secrets.add(name.getValue())) {
                problems.at(name, "Secret '" + name.getValue() + "' is declared twice in " + label + "; remove one");
            }
        }
        return secrets;
    }

    private Map<String, Object> params(Entry entry) {
        MappingNode mapping = entry == null ? null : values.mapping(entry, label);
        Map<String, Object> params = new LinkedHashMap<>();
        if (mapping != null) {
            values.entries(mapping, "the params of " + label)
                    .values()
                    .forEach(param -> params.put(param.key(), values.plain(param.value(), "the params of " + label)));
        }
        return params;
    }

    private Map<String, TaskSpec> tasks(Entry entry, Node root, TaskParser taskParser, Settings defaults) {
        MappingNode mapping = entry == null ? null : values.mapping(entry, label);
        Map<String, Entry> taskEntries = mapping == null ? Map.of() : values.entries(mapping, "the tasks of " + label);
        if (taskEntries.isEmpty()) {
            if (entry == null || entry.isNull() || mapping != null) {
                problems.at(
                        entry == null ? root : entry.keyNode(),
                        label + " has no tasks; add a 'tasks:' mapping with at least one task");
            }
            return Map.of();
        }
        List<ParsedTask> parsed = new ArrayList<>();
        taskEntries.values().forEach(taskEntry -> parsed.add(taskParser.task(taskEntry, defaults)));
        Set<String> taskIds = taskEntries.keySet();
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new LinkedHashMap<>();
        for (ParsedTask task : parsed) {
            upstream.put(
                    task.taskId(),
                    task.upstream().stream().map(Upstream::taskId).toList());
            keyNodes.put(task.taskId(), task.keyNode());
            for (Upstream up : task.upstream()) {
                if (!taskIds.contains(up.taskId())) {
                    problems.at(
                            up.node(),
                            "Task '" + task.taskId() + "' is after '" + up.taskId() + "', which is not a task of "
                                    + label
                                    + Suggestions.hint(up.taskId(), taskIds, "fix the name or add that task"));
                }
            }
        }
        for (List<String> cycle : TaskCycles.find(upstream)) {
            problems.at(
                    keyNodes.get(cycle.get(0)),
                    "Tasks of " + label + " form a cycle: " + String.join(" -> ", cycle)
                            + "; remove one of these 'after' entries");
        }
        if (!problems.isEmpty()) {
            return Map.of();
        }
        return new TaskExpansion(types, files, problems, label).tasks(parsed);
    }
}
